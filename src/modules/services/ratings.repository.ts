import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicationTables } from './applications.tables.js';
import type { RatingTables, RectificationFinding } from './ratings.tables.js';

export interface RatingRecord {
  id: string;
  applicationId: string | null;
  bundleApplicationId: string | null;
  applicantId: string;
  itemName: string;
  score: number;
  comment: string | null;
  createdAt: Date;
}

export interface RectificationRecord {
  id: string;
  ratingId: string;
  organisation: { id: string; name: string };
  status: 'open' | 'answered';
  dueOn: string;
  finding: RectificationFinding | null;
  reply: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  version: number;
  createdAt: Date;
  rating: { score: number; comment: string | null; itemName: string; applicantId: string; applicationId: string | null; bundleApplicationId: string | null; createdAt: Date };
}

const toRating = (r: Record<string, any>): RatingRecord => ({
  id: r.id,
  applicationId: r.application_id,
  bundleApplicationId: r.bundle_application_id,
  applicantId: r.applicant_id,
  itemName: r.item_name,
  score: r.score,
  comment: r.comment,
  createdAt: new Date(r.created_at),
});

/** 好差评 ratings, their departments and rectifications; Kysely only. */
export function createRatingRepository(executor: Executor) {
  const db = tablesOf<RatingTables & Pick<ApplicationTables, 'services_application'>>(executor);
  const rectifications = () =>
    db
      .selectFrom('services_rectification as x')
      .innerJoin('services_rating as r', 'r.id', 'x.rating_id')
      .select([
        'x.id',
        'x.rating_id',
        'x.org_id',
        'x.org_name',
        'x.status',
        sql<string>`to_char(x.due_on, 'YYYY-MM-DD')`.as('due_on'),
        'x.finding',
        'x.reply',
        'x.answered_by',
        'x.answered_at',
        'x.version',
        'x.created_at',
        'r.score',
        'r.comment',
        'r.item_name',
        'r.applicant_id',
        'r.application_id',
        'r.bundle_application_id',
        'r.created_at as rated_at',
      ]);
  const toRectification = (r: Record<string, any>): RectificationRecord => ({
    id: r.id,
    ratingId: r.rating_id,
    organisation: { id: r.org_id, name: r.org_name },
    status: r.status,
    dueOn: r.due_on,
    finding: r.finding,
    reply: r.reply,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
    version: r.version,
    createdAt: new Date(r.created_at),
    rating: { score: r.score, comment: r.comment, itemName: r.item_name, applicantId: r.applicant_id, applicationId: r.application_id, bundleApplicationId: r.bundle_application_id, createdAt: new Date(r.rated_at) },
  });

  return {
    /** Inserts the rating unless the service was rated already (then undefined). */
    async insert(input: { applicationId: string | null; bundleApplicationId: string | null; applicantId: string; itemId: string | null; itemName: string; score: number; comment: string | null }): Promise<RatingRecord | undefined> {
      const row = await db
        .insertInto('services_rating')
        .values({
          application_id: input.applicationId,
          bundle_application_id: input.bundleApplicationId,
          applicant_id: input.applicantId,
          item_id: input.itemId,
          item_name: input.itemName,
          score: input.score,
          comment: input.comment,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toRating(row) : undefined;
    },

    async insertOrgs(ratingId: string, orgs: Array<{ orgId: string; orgName: string; itemId: string; itemName: string }>): Promise<void> {
      await db
        .insertInto('services_rating_org')
        .values(orgs.map((o) => ({ rating_id: ratingId, org_id: o.orgId, org_name: o.orgName, item_id: o.itemId, item_name: o.itemName })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async insertRectification(input: { ratingId: string; orgId: string; orgName: string; dueOn: string }): Promise<string> {
      const row = await db.insertInto('services_rectification').values({ rating_id: input.ratingId, org_id: input.orgId, org_name: input.orgName, due_on: input.dueOn }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    async ratingOf(target: { applicationId?: string; bundleApplicationId?: string }): Promise<RatingRecord | undefined> {
      let query = db.selectFrom('services_rating').selectAll();
      query = target.applicationId ? query.where('application_id', '=', target.applicationId) : query.where('bundle_application_id', '=', target.bundleApplicationId ?? '');
      const row = await query.executeTakeFirst();
      return row ? toRating(row) : undefined;
    },

    async rectificationsOfRating(ratingId: string): Promise<RectificationRecord[]> {
      return (await rectifications().where('x.rating_id', '=', ratingId).orderBy('x.org_name').execute()).map(toRectification);
    },

    async getRectification(id: string): Promise<RectificationRecord | undefined> {
      const row = await rectifications().where('x.id', '=', id).executeTakeFirst();
      return row ? toRectification(row) : undefined;
    },

    async listRectifications(filter: { orgId: string | null; status?: 'open' | 'answered' | undefined }, page: { offset: number; limit: number }) {
      let query = rectifications();
      let count = db.selectFrom('services_rectification as x');
      if (filter.orgId !== null) {
        query = query.where('x.org_id', '=', filter.orgId);
        count = count.where('x.org_id', '=', filter.orgId);
      }
      if (filter.status) {
        query = query.where('x.status', '=', filter.status);
        count = count.where('x.status', '=', filter.status);
      }
      const [rows, n] = await Promise.all([
        query.orderBy(sql`x.status = 'answered'`).orderBy('x.due_on').orderBy('x.id').offset(page.offset).limit(page.limit).execute(),
        count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toRectification), total: Number(n.n) };
    },

    /** Answers an open rectification at `version`; false when it changed or was answered. */
    async answer(id: string, version: number, input: { finding: RectificationFinding; reply: string; actor: string }): Promise<boolean> {
      const result = await db
        .updateTable('services_rectification')
        .set({ status: 'answered', finding: input.finding, reply: input.reply, answered_by: input.actor, answered_at: new Date(), version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Ratings by department or item: counts per score; and the on-time share of the finished applications. */
    async stats(by: 'department' | 'item') {
      const key = by === 'department' ? sql.raw('o.org_id') : sql.raw('o.item_id');
      const name = by === 'department' ? sql.raw('o.org_name') : sql.raw('o.item_name');
      const ratings = await sql<{ id: string; name: string; score: number; n: number }>`
        select ${key}::text as id, min(${name}) as name, r.score, count(*)::int as n
        from services_rating_org o join services_rating r on r.id = o.rating_id
        group by ${key}, r.score`.execute(executor);
      const appKey = by === 'department' ? sql.raw('org_id') : sql.raw('item_id');
      const appName = by === 'department' ? sql.raw('org_name') : sql.raw('item_name');
      const timeliness = await sql<{ id: string; name: string; finished: number; on_time: number }>`
        select ${appKey}::text as id, min(${appName}) as name, count(*)::int as finished, count(*) filter (where on_time)::int as on_time
        from services_application where status in ('completed', 'rejected') and on_time is not null
        group by ${appKey}`.execute(executor);
      return { ratings: ratings.rows.map((r) => ({ ...r, score: Number(r.score), n: Number(r.n) })), timeliness: timeliness.rows.map((r) => ({ ...r, finished: Number(r.finished), on_time: Number(r.on_time) })) };
    },
  };
}

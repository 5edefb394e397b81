import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { CasesTables } from './cases.tables.js';
import type { CoordinationTables } from './coordination.tables.js';

type Tables = CasesTables & CoordinationTables;

export interface DuplicateRow {
  caseId: string;
  number: string;
  status: string;
  description: string;
  distanceM: number;
  similarity: number;
}

export interface ReporterRow {
  id: number;
  fromCaseId: string;
  fromNumber: string;
  name: string | null;
  phoneMasked: string | null;
  informedReplyAt: Date | null;
  informedCloseAt: Date | null;
}

export interface SummonRow {
  caseId: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  note: string;
  summonedBy: string;
  summonedAt: Date;
  reportedBy: string | null;
  reportedAt: Date | null;
  reportNote: string | null;
}

export interface SupervisionRow {
  caseId: string;
  note: string;
  dueAt: Date | null;
  times: number;
  supervisorName: string | null;
  supervisedAt: Date;
}

export interface HotspotRow {
  gridCode: string | null;
  cellX: number | null;
  cellY: number | null;
  categoryCode: string | null;
  categoryName: string | null;
  count: number;
}

/** Queries of duplicates, merges, merged reporters, levels, summons and supervision. */
export function createCoordinationRepository(executor: Executor) {
  const db = tablesOf<Tables>(executor);
  return {
    /** The insert of proposed duplicates (a pair already proposed is left as it is), to run as part of a larger statement; null when nothing was found. */
    insertDuplicatesQuery(found: ReadonlyArray<{ caseId: string; candidateId: string; distanceM: number; similarity: number }>) {
      if (found.length === 0) {
        return null;
      }
      return db
        .insertInto('cases_duplicate')
        .values(found.map((d) => ({ case_id: d.caseId, candidate_id: d.candidateId, distance_m: d.distanceM, similarity: d.similarity })))
        .onConflict((oc) => oc.doNothing());
    },

    /** Proposed duplicates of a case, both ways (older cases it repeats, newer ones repeating it), still open. */
    async duplicatesOf(caseId: string): Promise<DuplicateRow[]> {
      const rows = await db
        .selectFrom('cases_duplicate as d')
        .innerJoin('cases_case as c', (j) => j.on(sql<boolean>`c.id = case when d.case_id = ${caseId}::uuid then d.candidate_id else d.case_id end`))
        .where((eb) => eb.or([eb('d.case_id', '=', caseId), eb('d.candidate_id', '=', caseId)]))
        .where('c.status', '<>', 'closed')
        .select(['c.id as caseId', 'c.number', 'c.status', 'c.description', 'd.distance_m as distanceM', 'd.similarity'])
        .orderBy('d.similarity', 'desc')
        .execute();
      return rows;
    },

    async forgetDuplicates(caseId: string): Promise<void> {
      await db
        .deleteFrom('cases_duplicate')
        .where((eb) => eb.or([eb('case_id', '=', caseId), eb('candidate_id', '=', caseId)]))
        .execute();
    },

    async insertMerge(caseId: string, intoCaseId: string, by: string): Promise<void> {
      await db.insertInto('cases_merge').values({ case_id: caseId, into_case_id: intoCaseId, merged_by: by }).execute();
      // Cases merged earlier into the duplicate follow it into the main case.
      await db.updateTable('cases_merge').set({ into_case_id: intoCaseId }).where('into_case_id', '=', caseId).execute();
    },

    async mergedInto(caseId: string): Promise<{ id: string; number: string } | undefined> {
      return db.selectFrom('cases_merge as m').innerJoin('cases_case as c', 'c.id', 'm.into_case_id').select(['c.id', 'c.number']).where('m.case_id', '=', caseId).executeTakeFirst();
    },

    async mergedCases(caseId: string): Promise<Array<{ id: string; number: string }>> {
      return db.selectFrom('cases_merge as m').innerJoin('cases_case as c', 'c.id', 'm.case_id').select(['c.id', 'c.number']).where('m.into_case_id', '=', caseId).orderBy('m.merged_at').execute();
    },

    /** Attaches the duplicate's reporter, and the reporters it had gathered, to the main case. */
    async moveReporters(from: { id: string; name: string | null; phoneEnc: Buffer | null; phoneMasked: string | null }, intoCaseId: string): Promise<void> {
      await db.updateTable('cases_reporter').set({ case_id: intoCaseId }).where('case_id', '=', from.id).execute();
      if (from.name !== null || from.phoneEnc !== null) {
        await db
          .insertInto('cases_reporter')
          .values({ case_id: intoCaseId, from_case_id: from.id, reporter_name: from.name, reporter_phone_enc: from.phoneEnc, reporter_phone_masked: from.phoneMasked })
          .execute();
      }
    },

    async reporters(caseId: string): Promise<ReporterRow[]> {
      const rows = await db
        .selectFrom('cases_reporter as r')
        .innerJoin('cases_case as c', 'c.id', 'r.from_case_id')
        .select([
          'r.id',
          'r.from_case_id as fromCaseId',
          'c.number as fromNumber',
          'r.reporter_name as name',
          'r.reporter_phone_masked as phoneMasked',
          'r.informed_reply_at as informedReplyAt',
          'r.informed_close_at as informedCloseAt',
        ])
        .where('r.case_id', '=', caseId)
        .orderBy('r.id')
        .execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    /** Marks the reporters not yet told of `what` as told; returns them. */
    async markInformed(caseId: string, what: 'reply' | 'close', at: Date): Promise<Array<{ fromCaseId: string; phoneMasked: string | null }>> {
      const column = what === 'reply' ? 'informed_reply_at' : 'informed_close_at';
      return db
        .updateTable('cases_reporter')
        .set({ [column]: at })
        .where('case_id', '=', caseId)
        .where(column, 'is', null)
        .returning(['from_case_id as fromCaseId', 'reporter_phone_masked as phoneMasked'])
        .execute();
    },

    async level(caseId: string): Promise<string | undefined> {
      return (await db.selectFrom('cases_level').select('level').where('case_id', '=', caseId).executeTakeFirst())?.level;
    },

    async setLevel(caseId: string, level: string, by: string): Promise<void> {
      await db
        .insertInto('cases_level')
        .values({ case_id: caseId, level, escalated_by: by })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ level, escalated_by: by, escalated_at: sql<Date>`now()` }))
        .execute();
    },

    async summons(caseId: string): Promise<SummonRow[]> {
      return db
        .selectFrom('cases_summon')
        .select([
          'case_id as caseId',
          'org_id as orgId',
          'org_code as orgCode',
          'org_name as orgName',
          'note',
          'summoned_by as summonedBy',
          'summoned_at as summonedAt',
          'reported_by as reportedBy',
          'reported_at as reportedAt',
          'report_note as reportNote',
        ])
        .where('case_id', '=', caseId)
        .orderBy('summoned_at')
        .orderBy('org_code')
        .execute();
    },

    /** Summons organisations not summoned yet; returns the codes newly summoned. */
    async insertSummons(caseId: string, orgs: Array<{ id: string; code: string; name: string }>, note: string, by: string): Promise<string[]> {
      if (orgs.length === 0) {
        return [];
      }
      const rows = await db
        .insertInto('cases_summon')
        .values(orgs.map((o) => ({ case_id: caseId, org_id: o.id, org_code: o.code, org_name: o.name, note, summoned_by: by })))
        .onConflict((oc) => oc.columns(['case_id', 'org_id']).doNothing())
        .returning('org_code')
        .execute();
      return rows.map((r) => r.org_code);
    },

    async reportIn(caseId: string, orgId: string, by: string, note: string | null): Promise<boolean> {
      const done = await db
        .updateTable('cases_summon')
        .set({ reported_by: by, reported_at: sql<Date>`now()`, report_note: note })
        .where('case_id', '=', caseId)
        .where('org_id', '=', orgId)
        .where('reported_at', 'is', null)
        .returning('case_id')
        .executeTakeFirst();
      return done !== undefined;
    },

    async supervision(caseId: string): Promise<SupervisionRow | undefined> {
      return (await this.supervisions([caseId]))[0];
    },

    async supervisions(caseIds: string[]): Promise<SupervisionRow[]> {
      if (caseIds.length === 0) {
        return [];
      }
      return db
        .selectFrom('cases_supervision')
        .select(['case_id as caseId', 'note', 'due_at as dueAt', 'times', 'supervisor_name as supervisorName', 'supervised_at as supervisedAt'])
        .where('case_id', 'in', caseIds)
        .execute();
    },

    async supervise(caseId: string, row: { note: string; dueAt: Date | null; by: string; name: string | null }): Promise<void> {
      await db
        .insertInto('cases_supervision')
        .values({ case_id: caseId, note: row.note, due_at: row.dueAt, supervised_by: row.by, supervisor_name: row.name })
        .onConflict((oc) =>
          oc.column('case_id').doUpdateSet({ note: row.note, due_at: row.dueAt, supervised_by: row.by, supervisor_name: row.name, supervised_at: sql<Date>`now()`, times: sql<number>`cases_supervision.times + 1` }),
        )
        .execute();
    },

    /** Supervised cases not closed, in a region, most urgent due first. */
    async board(f: { regionPrefix: string; offset: number; limit: number }): Promise<{ ids: string[]; total: number }> {
      const q = db
        .selectFrom('cases_supervision as s')
        .innerJoin('cases_case as c', 'c.id', 's.case_id')
        .where('c.status', '<>', 'closed')
        .where('c.division_code', 'like', `${f.regionPrefix}%`);
      const [rows, count] = await Promise.all([
        q.select('c.id').orderBy(sql`s.due_at asc nulls last`).orderBy('s.supervised_at', 'desc').offset(f.offset).limit(f.limit).execute(),
        q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { ids: rows.map((r) => r.id), total: count.n };
    },

    /** Reports per grid (or 0.005° cell when the case has no grid) and category since `since`, in a region. */
    async hotspots(f: { regionPrefix: string; since: Date; categoryCode?: string | undefined; cellDegrees: number }): Promise<HotspotRow[]> {
      const cx = sql<number | null>`case when c.grid_code is null then floor(c.lon / ${sql.lit(f.cellDegrees)})::int end`;
      const cy = sql<number | null>`case when c.grid_code is null then floor(c.lat / ${sql.lit(f.cellDegrees)})::int end`;
      let q = db
        .selectFrom('cases_case as c')
        .leftJoin('cases_category as g', 'g.code', 'c.category_code')
        .where('c.division_code', 'like', `${f.regionPrefix}%`)
        .where('c.created_at', '>=', f.since)
        .where((eb) => eb.or([eb('c.grid_code', 'is not', null), eb('c.lon', 'is not', null)]));
      if (f.categoryCode) {
        q = q.where('c.category_code', '=', f.categoryCode);
      }
      const rows = await q
        .select(['c.grid_code as gridCode', cx.as('cellX'), cy.as('cellY'), 'c.category_code as categoryCode', sql<string | null>`min(g.name)`.as('categoryName'), sql<number>`count(*)::int`.as('count')])
        .groupBy(['c.grid_code', cx, cy, 'c.category_code'])
        .orderBy(sql`count(*)`, 'desc')
        .execute();
      return rows;
    },
  };
}

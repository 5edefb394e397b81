import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { CaseAction, CaseStatus, CaseType, Channel, Satisfaction, Urgency, Warning } from './cases.model.js';
import type { CasesTables } from './cases.tables.js';

type CaseRow = CasesTables['cases_case'];

/** A case as the module reads it; the reporter's phone stays encrypted here. */
export interface CaseRecord {
  id: string;
  number: string;
  channel: Channel;
  type: CaseType;
  categoryCode: string | null;
  categoryName: string | null;
  suggestion: { categoryCode: string; confidence: number | null } | null;
  description: string;
  address: string | null;
  point: { lon: number; lat: number } | null;
  divisionCode: string;
  gridCode: string | null;
  reporter: { name: string | null; phoneEnc: Buffer | null; phoneMasked: string | null };
  urgency: Urgency;
  status: CaseStatus;
  organisation: { id: string; code: string | null; name: string | null } | null;
  limitHours: number | null;
  limitDays: number | null;
  deadlineAt: Date | null;
  dueOn: string | null;
  warning: Warning;
  satisfaction: Satisfaction | null;
  returnCount: number;
  reopenCount: number;
  sourceRef: string | null;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface CaseEventRecord {
  id: number;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actor: string;
  actorName: string | null;
  orgName: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

export type NewCase = Omit<Insertable<CaseRow>, 'number' | 'status'>;
export type CasePatch = Omit<Updateable<CaseRow>, 'id' | 'number' | 'version' | 'created_at'>;

export interface QueueFilter {
  regionPrefix: string;
  status?: CaseStatus[] | undefined;
  categoryCode?: string | undefined;
  organisationId?: string | undefined;
  /** With organisationId: also the cases that organisation was summoned onto (吹哨). */
  withSummons?: boolean | undefined;
  warning?: Warning | undefined;
  channel?: Channel | undefined;
  sourceRef?: string | undefined;
  createdBy?: string | undefined;
  offset: number;
  limit: number;
}

export interface NewCaseEvent {
  action: CaseAction;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actor: string;
  actorName: string | null;
  orgName: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
}

export function createCaseRepository(executor: Executor) {
  const db = tablesOf<CasesTables>(executor);
  const base = () =>
    db
      .selectFrom('cases_case as c')
      .leftJoin('cases_category as g', 'g.code', 'c.category_code')
      .selectAll('c')
      .select(['g.name as category_name', sql<string | null>`to_char(c.due_on, 'YYYY-MM-DD')`.as('due_on_text')]);

  return {
    /** Inserts a case with the next number (`YYYYMMDD` in Asia/Shanghai and a sequence); returns it. */
    async insert(row: NewCase & { status: CaseStatus }): Promise<CaseRecord> {
      return (await this.insertMany([row]))[0]!;
    },

    /** Inserts cases in one statement, each with the next number (and an id unless given); returns them in the order given. */
    async insertMany(rows: ReadonlyArray<NewCase & { status: CaseStatus; version?: number }>): Promise<CaseRecord[]> {
      const number = sql<string>`to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('cases_case_seq')::text, 6, '0')`;
      const ids = rows.map((row) => row.id ?? randomUUID());
      const inserted = await db
        .with('c', (w) => w.insertInto('cases_case').values(rows.map((row, i) => ({ ...row, id: ids[i]!, number }))).returningAll())
        .selectFrom('c')
        .leftJoin('cases_category as g', 'g.code', 'c.category_code')
        .selectAll('c')
        .select(['g.name as category_name', sql<string | null>`to_char(c.due_on, 'YYYY-MM-DD')`.as('due_on_text')])
        .execute();
      const byId = new Map(inserted.map((row) => [row.id, toRecord(row)]));
      return ids.map((id) => byId.get(id)!);
    },

    /**
     * Intake's write, in one statement: inserts the cases (each with the next number) and
     * their timeline entries, and finds for each case with an area the open cases it may
     * repeat — up to 200, newest first, of the area's category and division, made since
     * `since`, with the point in the area's box. A statement does not see its own inserts,
     * so the cases are compared only with those stored before; returned in the order given.
     */
    async insertTakenIn(
      rows: ReadonlyArray<NewCase & { id: string; status: CaseStatus; version?: number }>,
      events: ReadonlyArray<NewCaseEvent & { caseId: string }>,
      areas: ReadonlyArray<NearbyArea | null>,
      since: Date,
      /** A claim of the audit chain (the kernel's `claimQuery`) to run in this statement; its row comes back as `auditHead`. */
      auditClaim: RawBuilder<{ audit_head: unknown }>,
    ): Promise<{ cases: Array<{ record: CaseRecord; candidates: NearbyCase[] }>; auditHead: unknown }> {
      const number = sql<string>`to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('cases_case_seq')::text, 6, '0')`;
      const insertCases = db.insertInto('cases_case').values(rows.map((row) => ({ ...row, number }))).returningAll();
      const insertEvents = db.insertInto('cases_case_event').values(events.map(eventRow));
      const withArea = rows.flatMap((row, i) => (areas[i] ? [{ id: row.id, ...areas[i] }] : []));
      const column = <T>(pick: (a: (typeof withArea)[number]) => T) => withArea.map(pick);
      const result = await sql<Row & { candidates: NearbyCase[]; audit_head: unknown }>`
        with h as (${auditClaim}), c as (${insertCases}), e as (${insertEvents}),
        a as (
          select * from unnest(${column((a) => a.id)}::uuid[], ${column((a) => a.categoryCode)}::text[], ${column((a) => a.divisionCode)}::text[],
                               ${column((a) => a.lon[0])}::float8[], ${column((a) => a.lon[1])}::float8[],
                               ${column((a) => a.lat[0])}::float8[], ${column((a) => a.lat[1])}::float8[])
            as a(id, category_code, division_code, lon_min, lon_max, lat_min, lat_max)
        )
        select c.*, g.name as category_name, to_char(c.due_on, 'YYYY-MM-DD') as due_on_text,
          coalesce((
            select jsonb_agg(jsonb_build_object('id', k.id, 'description', k.description, 'lon', k.lon, 'lat', k.lat) order by k.created_at desc)
            from (
              select k.id, k.description, k.lon, k.lat, k.created_at from cases_case k
              where k.category_code = a.category_code and k.division_code = a.division_code and k.status <> 'closed'
                and k.created_at >= ${since} and k.lon between a.lon_min and a.lon_max and k.lat between a.lat_min and a.lat_max
              order by k.created_at desc
              limit 200
            ) k
          ), '[]'::jsonb) as candidates,
          (select audit_head from h) as audit_head
        from c
        left join cases_category g on g.code = c.category_code
        left join a on a.id = c.id`.execute(db);
      const byId = new Map(result.rows.map((row) => [row.id, { record: toRecord(row), candidates: row.candidates }]));
      return { cases: rows.map((row) => byId.get(row.id)!), auditHead: result.rows[0]?.audit_head };
    },

    async get(id: string): Promise<CaseRecord | undefined> {
      const row = await base().where('c.id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async getBySource(sourceRef: string): Promise<CaseRecord | undefined> {
      const row = await base().where('c.source_ref', '=', sourceRef).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** Applies `patch` only if the case is still at `version`; returns the new record or undefined. */
    async update(id: string, version: number, patch: CasePatch): Promise<CaseRecord | undefined> {
      const done = await db
        .updateTable('cases_case')
        .set({ ...patch, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      return done ? this.get(id) : undefined;
    },

    /** Sets the deadline warning unless another node changed it first (the version is not touched). */
    async setWarning(id: string, from: Warning, to: Warning): Promise<boolean> {
      const done = await db.updateTable('cases_case').set({ warning: to }).where('id', '=', id).where('warning', '=', from).returning('id').executeTakeFirst();
      return done !== undefined;
    },

    async list(filter: QueueFilter): Promise<{ items: CaseRecord[]; total: number }> {
      let query = base().where('c.division_code', 'like', `${filter.regionPrefix}%`);
      if (filter.status && filter.status.length > 0) {
        query = query.where('c.status', 'in', filter.status);
      }
      if (filter.categoryCode) {
        query = query.where('c.category_code', '=', filter.categoryCode);
      }
      if (filter.organisationId) {
        const orgId = filter.organisationId;
        // 吹哨报到: the inbox also holds the cases the organisation was summoned onto.
        query = filter.withSummons
          ? query.where((eb) => eb.or([eb('c.org_id', '=', orgId), sql<boolean>`c.id in (select s.case_id from cases_summon s where s.org_id = ${orgId})`]))
          : query.where('c.org_id', '=', orgId);
      }
      if (filter.warning) {
        query = query.where('c.warning', '=', filter.warning);
      }
      if (filter.channel) {
        query = query.where('c.channel', '=', filter.channel);
      }
      if (filter.sourceRef) {
        query = query.where('c.source_ref', '=', filter.sourceRef);
      }
      if (filter.createdBy) {
        query = query.where('c.created_by', '=', filter.createdBy);
      }
      const [rows, count] = await Promise.all([
        query.orderBy('c.created_at', 'desc').orderBy('c.id').offset(filter.offset).limit(filter.limit).execute(),
        query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toRecord), total: count.n };
    },

    /** Cases whose deadline clock runs, in id order after `after`. */
    async running(after: string | null, limit: number): Promise<CaseRecord[]> {
      let query = base().where('c.status', 'in', ['dispatched', 'signed', 'handling']).where('c.deadline_at', 'is not', null);
      if (after) {
        query = query.where('c.id', '>', after);
      }
      return (await query.orderBy('c.id').limit(limit).execute()).map(toRecord);
    },

    /** Timeline entries, in the order given, in one statement. */
    async insertEvents(events: ReadonlyArray<NewCaseEvent & { caseId: string }>): Promise<void> {
      if (events.length === 0) {
        return;
      }
      await db
        .insertInto('cases_case_event')
        .values(
          events.map(eventRow),
        )
        .execute();
    },

    async timeline(caseId: string): Promise<CaseEventRecord[]> {
      const rows = await db.selectFrom('cases_case_event').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        action: r.action,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actor: r.actor,
        actorName: r.actor_name,
        orgName: r.org_name,
        comment: r.comment,
        details: r.details,
        createdAt: r.created_at,
      }));
    },
  };
}

type Row = Selectable<CaseRow> & { category_name: string | null; due_on_text: string | null };

/** Where intake looks for a case's duplicates: its category and division, and a box around its point. */
export interface NearbyArea {
  categoryCode: string;
  divisionCode: string;
  lon: [number, number];
  lat: [number, number];
}

/** An open case near a point, as duplicate detection compares it. */
export interface NearbyCase {
  id: string;
  description: string;
  lon: number;
  lat: number;
}

function eventRow(event: NewCaseEvent & { caseId: string }) {
  return {
    case_id: event.caseId,
    action: event.action,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    actor: event.actor,
    actor_name: event.actorName,
    org_name: event.orgName,
    comment: event.comment,
    details: event.details === null ? null : JSON.stringify(event.details),
  };
}

function toRecord(r: Row): CaseRecord {
  return {
    id: r.id,
    number: r.number,
    channel: r.channel,
    type: r.type,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    suggestion: r.suggested_category_code ? { categoryCode: r.suggested_category_code, confidence: r.suggestion_confidence } : null,
    description: r.description,
    address: r.address,
    point: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
    divisionCode: r.division_code,
    gridCode: r.grid_code,
    reporter: { name: r.reporter_name, phoneEnc: r.reporter_phone_enc, phoneMasked: r.reporter_phone_masked },
    urgency: r.urgency,
    status: r.status,
    organisation: r.org_id ? { id: r.org_id, code: r.org_code, name: r.org_name } : null,
    limitHours: r.limit_hours,
    limitDays: r.limit_days,
    deadlineAt: r.deadline_at,
    dueOn: r.due_on_text,
    warning: r.warning,
    satisfaction: r.satisfaction,
    returnCount: r.return_count,
    reopenCount: r.reopen_count,
    sourceRef: r.source_ref,
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

import { sql, type Expression, type RawBuilder, type Updateable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicantKind, ApplicationStatus, DeadlineState, Procedure, RuleTrace, Step } from './applications.model.js';
import type { ApplicationTables, Correction } from './applications.tables.js';
import type { messageRow } from './applicants.repository.js';
import type { logRow, materialRow } from './application-parts.repository.js';
import type { Clock } from './deadline-clock.js';

/** An application as the module reads it. */
export interface ApplicationRecord {
  id: string;
  number: string;
  itemId: string;
  itemVersion: number;
  itemCode: string;
  itemName: string;
  organisation: { id: string; name: string; divisionCode: string };
  applicant: { id: string; kind: ApplicantKind; name: string; codeMasked: string };
  form: Record<string, unknown>;
  procedure: Procedure;
  status: ApplicationStatus;
  currentRoles: string[];
  resumeStatus: ApplicationStatus | null;
  correction: Correction | null;
  instant: 'approved' | 'refused' | null;
  instantTrace: RuleTrace[] | null;
  limitDays: number;
  clock: Clock;
  deadlineState: DeadlineState;
  decision: 'approved' | 'rejected' | null;
  decisionStep: Step | null;
  decisionReason: string | null;
  licenseId: string | null;
  licenseIdentifier: string | null;
  finishedOn: string | null;
  onTime: boolean | null;
  /** The bundle application (一件事一次办) this is a child of; null for a single application. */
  bundleApplicationId: string | null;
  version: number;
  submittedAt: Date;
  updatedAt: Date;
}

type Table = ApplicationTables['services_application'];
/** A change to an application row (columns), as services write it. */
type Columns = Omit<Updateable<Table>, 'id' | 'version' | 'updated_at'>;
export type ApplicationPatch = { [K in keyof Columns]?: Columns[K] | Expression<any> };

const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const day = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

const plainColumns = [
  'id',
  'number',
  'item_id',
  'item_version',
  'item_code',
  'item_name',
  'org_id',
  'org_name',
  'org_division_code',
  'applicant_id',
  'applicant_kind',
  'applicant_name',
  'applicant_code_masked',
  'form',
  'procedure',
  'status',
  'current_roles',
  'resume_status',
  'correction',
  'instant',
  'instant_trace',
  'limit_days',
  'remaining_days',
  'suspended_days',
  'unpublished_years',
  'deadline_state',
  'decision',
  'decision_step',
  'decision_reason',
  'license_id',
  'license_identifier',
  'on_time',
  'bundle_application_id',
  'version',
  'submitted_at',
  'updated_at',
] as const;
const dayColumns = ['accepted_on', 'clock_started_on', 'due_on', 'suspended_on', 'finished_on'] as const;

function selection() {
  return [...plainColumns.map((c) => `a.${c}` as const), ...dayColumns.map((c) => day(`a.${c}`).as(c))];
}

type Row = Record<(typeof plainColumns)[number] | (typeof dayColumns)[number], unknown>;

function toRecord(row: Row): ApplicationRecord {
  const r = row as Record<string, any>;
  return {
    id: r.id,
    number: r.number,
    itemId: r.item_id,
    itemVersion: r.item_version,
    itemCode: r.item_code,
    itemName: r.item_name,
    organisation: { id: r.org_id, name: r.org_name, divisionCode: r.org_division_code },
    applicant: { id: r.applicant_id, kind: r.applicant_kind, name: r.applicant_name, codeMasked: r.applicant_code_masked },
    form: parsed(r.form),
    procedure: parsed(r.procedure),
    status: r.status,
    currentRoles: r.current_roles,
    resumeStatus: r.resume_status,
    correction: r.correction === null ? null : parsed(r.correction),
    instant: r.instant,
    instantTrace: r.instant_trace === null ? null : parsed(r.instant_trace),
    limitDays: r.limit_days,
    clock: {
      acceptedOn: r.accepted_on,
      startedOn: r.clock_started_on,
      remainingDays: r.remaining_days,
      dueOn: r.due_on,
      suspendedOn: r.suspended_on,
      suspendedDays: r.suspended_days,
      unpublishedYears: r.unpublished_years,
    },
    deadlineState: r.deadline_state,
    decision: r.decision,
    decisionStep: r.decision_step,
    decisionReason: r.decision_reason,
    licenseId: r.license_id,
    licenseIdentifier: r.license_identifier,
    finishedOn: r.finished_on,
    onTime: r.on_time,
    bundleApplicationId: r.bundle_application_id ?? null,
    version: r.version,
    submittedAt: new Date(r.submitted_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** The clock as columns of a patch. */
export function clockColumns(clock: Clock): ApplicationPatch {
  return {
    accepted_on: clock.acceptedOn,
    clock_started_on: clock.startedOn,
    remaining_days: clock.remainingDays,
    due_on: clock.dueOn,
    suspended_on: clock.suspendedOn,
    suspended_days: clock.suspendedDays,
    unpublished_years: clock.unpublishedYears,
  };
}

/** JSON values of a patch, encoded for jsonb columns. */
export const json = jsonb;

export interface NewApplication {
  number: string;
  item: { id: string; version: number; code: string; name: string };
  organisation: { id: string; name: string; divisionCode: string };
  applicant: { id: string; kind: ApplicantKind; name: string; codeMasked: string };
  form: Record<string, unknown>;
  procedure: Procedure;
  limitDays: number;
  bundleApplicationId?: string | null | undefined;
}

export interface InboxFilter {
  /** The caller's organisation; null for a platform administrator (then `regionPrefix`). */
  organisationId: string | null;
  regionPrefix: string;
  /** Only applications the caller can act on now, with these roles. */
  todoRoles: string[] | null;
  status?: ApplicationStatus[] | undefined;
  deadlineState?: DeadlineState[] | undefined;
  itemId?: string | undefined;
  /** An application number, or part of the applicant's name. */
  q?: string | undefined;
}

/** The columns of a new application row. */
function applicationRow(input: NewApplication, patch: ApplicationPatch) {
  return {
    number: input.number,
    item_id: input.item.id,
    item_version: input.item.version,
    item_code: input.item.code,
    item_name: input.item.name,
    org_id: input.organisation.id,
    org_name: input.organisation.name,
    org_division_code: input.organisation.divisionCode,
    applicant_id: input.applicant.id,
    applicant_kind: input.applicant.kind,
    applicant_name: input.applicant.name,
    applicant_code_masked: input.applicant.codeMasked,
    form: jsonb(input.form),
    procedure: jsonb(input.procedure),
    limit_days: input.limitDays,
    status: 'submitted' as const,
    current_roles: input.procedure.stepRoles.accept,
    bundle_application_id: input.bundleApplicationId ?? null,
    ...patch,
  };
}

const returning = () => [...plainColumns, ...dayColumns.map((c) => day(c).as(c))];

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Applications, their materials, reviews and log; Kysely only. */
export function createApplicationRepository(executor: Executor) {
  const db = tablesOf<ApplicationTables>(executor);
  const base = () => db.selectFrom('services_application as a').select(selection());

  return {
    async nextSequence(): Promise<number> {
      const result = await sql<{ n: string | number }>`select nextval('services_application_seq') as n`.execute(executor);
      return Number(result.rows[0]!.n);
    },

    /** `count` numbers of the application sequence in one statement (unique; a rolled-back draw leaves a gap). */
    async nextSequences(count: number): Promise<number[]> {
      const result = await sql<{ n: string | number }>`select nextval('services_application_seq') as n from generate_series(1, ${count}::int)`.execute(executor);
      return result.rows.map((r) => Number(r.n));
    },

    /**
     * New applications (with ids chosen by the caller) and the rows that come with them —
     * materials, log entries, messages — in one statement, which also runs `auditClaim` (the
     * kernel's claim of the audit chain) and hands back its row as `auditHead`; the records
     * in the order given.
     */
    async insertWithParts(
      rows: ReadonlyArray<{ id: string; input: NewApplication; patch: ApplicationPatch }>,
      parts: { materials: ReadonlyArray<ReturnType<typeof materialRow>>; logs: ReadonlyArray<ReturnType<typeof logRow>>; messages: ReadonlyArray<ReturnType<typeof messageRow>> },
      auditClaim: RawBuilder<{ audit_head: unknown }>,
    ): Promise<{ records: ApplicationRecord[]; auditHead: unknown }> {
      // Each part is a data-modifying WITH of the one statement; their foreign keys are checked at its end.
      let query: any = db
        .with('h', () => sql`(${auditClaim})`)
        .with('a', (qb) => qb.insertInto('services_application').values(rows.map(({ id, input, patch }) => ({ id, ...applicationRow(input, patch) }))).returning(returning()));
      for (const [name, table, values] of [
        ['m', 'services_application_material', parts.materials],
        ['l', 'services_application_log', parts.logs],
        ['msg', 'services_message', parts.messages],
      ] as const) {
        if (values.length > 0) {
          query = query.with(name, (qb: any) => qb.insertInto(table).values(values));
        }
      }
      const inserted = (await query
        .selectFrom('a')
        .selectAll()
        .select(sql`(select audit_head from h)`.as('audit_head'))
        .execute()) as Array<Row & { audit_head: unknown }>;
      const byId = new Map(inserted.map((row) => [row.id as string, toRecord(row)]));
      return { records: rows.map(({ id }) => byId.get(id)!), auditHead: inserted[0]?.audit_head };
    },

    async get(id: string): Promise<ApplicationRecord | undefined> {
      const row = await base().where('a.id', '=', id).executeTakeFirst();
      return row ? toRecord(row as Row) : undefined;
    },

    /** Locks the row until the transaction ends and returns its version: writes beside the row wait their turn. */
    async lockVersion(id: string): Promise<number | undefined> {
      const row = await db.selectFrom('services_application').select('version').where('id', '=', id).forUpdate().executeTakeFirst();
      return row?.version;
    },

    /** Applies `patch` if the row still has `version`, bumping it; undefined on a concurrent change. */
    async update(id: string, version: number, patch: ApplicationPatch): Promise<ApplicationRecord | undefined> {
      const updated = await db
        .updateTable('services_application')
        .set({ ...patch, version: sql`version + 1`, updated_at: new Date() })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      return updated ? this.get(id) : undefined;
    },

    /** The deadline state is the clock's, not a handling step: it changes without a new version. */
    async setDeadlineState(id: string, from: DeadlineState, to: DeadlineState): Promise<boolean> {
      const result = await db.updateTable('services_application').set({ deadline_state: to }).where('id', '=', id).where('deadline_state', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async listForApplicant(applicantId: string, filter: { status?: ApplicationStatus[] | undefined }, page: { offset: number; limit: number }) {
      let query = db.selectFrom('services_application as a').where('a.applicant_id', '=', applicantId);
      if (filter.status?.length) {
        query = query.where('a.status', 'in', filter.status);
      }
      const [rows, count] = await Promise.all([
        query.select(selection()).orderBy('a.submitted_at', 'desc').orderBy('a.id').offset(page.offset).limit(page.limit).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((r) => toRecord(r as Row)), total: Number(count.n) };
    },

    /** An officer's inbox: applications of the caller's organisation or reviewed by it, most urgent first. */
    async inbox(filter: InboxFilter, page: { offset: number; limit: number }) {
      let query = db.selectFrom('services_application as a');
      const org = filter.organisationId;
      if (org === null) {
        query = query.where('a.org_division_code', 'like', `${escapeLike(filter.regionPrefix)}%`);
      } else {
        query = query.where((eb) =>
          eb.or([
            eb('a.org_id', '=', org),
            eb.exists(eb.selectFrom('services_application_review as r').select('r.org_id').whereRef('r.application_id', '=', 'a.id').where('r.org_id', '=', org)),
          ]),
        );
      }
      if (filter.todoRoles !== null) {
        const roles = filter.todoRoles;
        const rolesArray = sql`${sql.val(roles)}::text[]`;
        query = query.where((eb) =>
          eb.or([
            eb.and([eb('a.status', 'in', ['submitted', 'deciding', 'approved']), ...(org === null ? [] : [eb('a.org_id', '=', org)]), eb(sql`a.current_roles`, '&&', rolesArray)]),
            eb.and([
              eb('a.status', '=', 'reviewing'),
              eb.exists(
                eb
                  .selectFrom('services_application_review as r')
                  .select('r.org_id')
                  .whereRef('r.application_id', '=', 'a.id')
                  .where('r.status', '=', 'pending')
                  .where((inner) => (org === null ? inner.val(true) : inner('r.org_id', '=', org)))
                  .where(sql<boolean>`r.roles && ${rolesArray}`),
              ),
            ]),
          ]),
        );
      }
      if (filter.status?.length) {
        query = query.where('a.status', 'in', filter.status);
      }
      if (filter.deadlineState?.length) {
        query = query.where('a.deadline_state', 'in', filter.deadlineState);
      }
      if (filter.itemId) {
        query = query.where('a.item_id', '=', filter.itemId);
      }
      if (filter.q) {
        const q = filter.q.trim();
        query = query.where((eb) => eb.or([eb('a.number', '=', q), eb('a.applicant_name', 'like', `%${escapeLike(q)}%`)]));
      }
      const [rows, count] = await Promise.all([
        query
          .select(selection())
          .orderBy(sql`a.due_on is null`)
          .orderBy('a.due_on')
          .orderBy('a.submitted_at')
          .orderBy('a.id')
          .offset(page.offset)
          .limit(page.limit)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((r) => toRecord(r as Row)), total: Number(count.n) };
    },

    /** The children of a bundle application, in the bundle's order of submission. */
    async listForBundle(bundleApplicationId: string): Promise<ApplicationRecord[]> {
      const rows = await base().where('a.bundle_application_id', '=', bundleApplicationId).orderBy('a.number').execute();
      return rows.map((r) => toRecord(r as Row));
    },

    /** Whether `organisationId` reviews (or reviewed) the application. */
    async isReviewer(applicationId: string, organisationId: string): Promise<boolean> {
      const row = await db.selectFrom('services_application_review').select('org_id').where('application_id', '=', applicationId).where('org_id', '=', organisationId).executeTakeFirst();
      return row !== undefined;
    },

    /** Accepted applications whose clock runs, after `afterId` in id order (the deadline job pages through them). */
    async running(afterId: string | null, limit: number): Promise<ApplicationRecord[]> {
      let query = base().where('a.status', 'in', ['reviewing', 'deciding', 'approved']).where('a.due_on', 'is not', null).where('a.deadline_state', '!=', 'overdue');
      if (afterId !== null) {
        query = query.where('a.id', '>', afterId);
      }
      const rows = await query.orderBy('a.id').limit(limit).execute();
      return rows.map((r) => toRecord(r as Row));
    },
  };
}

export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;

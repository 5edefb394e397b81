import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicantKind, Rule, RuleTrace } from './applications.model.js';
import type { ApplicationTables } from './applications.tables.js';
import type { EntitlementTables, PolicyPeriod } from './entitlements.tables.js';

export interface PolicyRecord {
  id: string;
  code: string;
  name: string;
  summary: string;
  organisation: { id: string; name: string; divisionCode: string };
  subjectKind: ApplicantKind;
  rules: Rule[];
  period: PolicyPeriod;
  benefit: string;
  active: boolean;
  updatedAt: Date;
}

export interface RunRecord {
  id: string;
  policyId: string;
  period: string;
  trigger: 'schedule' | 'manual';
  actor: string;
  checked: number;
  eligible: number;
  created: number;
  existing: number;
  notified: number;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface NewEntitlement {
  subjectEnc: Buffer;
  subjectIndex: Buffer;
  subjectMasked: string;
  subjectName: string;
  divisionCode: string;
  applicantId: string | null;
  trace: RuleTrace[];
}

const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

const toPolicy = (r: Record<string, any>): PolicyRecord => ({
  id: r.id,
  code: r.code,
  name: r.name,
  summary: r.summary,
  organisation: { id: r.org_id, name: r.org_name, divisionCode: r.org_division_code },
  subjectKind: r.subject_kind,
  rules: parsed(r.rules),
  period: r.period,
  benefit: r.benefit,
  active: r.active,
  updatedAt: new Date(r.updated_at),
});

const toRun = (r: Record<string, any>): RunRecord => ({
  id: r.id,
  policyId: r.policy_id,
  period: r.period,
  trigger: r.trigger,
  actor: r.actor,
  checked: r.checked,
  eligible: r.eligible,
  created: r.created,
  existing: r.existing,
  notified: r.notified,
  startedAt: new Date(r.started_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

/** 免申即享 policies, runs and entitlements; Kysely only. */
export function createEntitlementRepository(executor: Executor) {
  const db = tablesOf<EntitlementTables & Pick<ApplicationTables, 'services_applicant'>>(executor);

  return {
    async listPolicies(options: { activeOnly?: boolean } = {}): Promise<PolicyRecord[]> {
      let query = db.selectFrom('services_policy').selectAll();
      if (options.activeOnly) {
        query = query.where('active', '=', true);
      }
      return (await query.orderBy('code').execute()).map(toPolicy);
    },

    async getPolicy(code: string): Promise<PolicyRecord | undefined> {
      const row = await db.selectFrom('services_policy').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toPolicy(row) : undefined;
    },

    /** Inserts or replaces a policy by code; whether anything changed. */
    async upsertPolicy(p: Omit<PolicyRecord, 'id' | 'updatedAt' | 'active'>): Promise<boolean> {
      const existing = await this.getPolicy(p.code);
      const key = (x: Omit<PolicyRecord, 'id' | 'updatedAt' | 'active'>) => JSON.stringify([x.name, x.summary, x.organisation.id, x.subjectKind, x.rules, x.period, x.benefit]);
      if (existing && key(existing) === key(p)) {
        return false;
      }
      const values = {
        name: p.name,
        summary: p.summary,
        org_id: p.organisation.id,
        org_name: p.organisation.name,
        org_division_code: p.organisation.divisionCode,
        subject_kind: p.subjectKind,
        rules: jsonb(p.rules),
        period: p.period,
        benefit: p.benefit,
      };
      await db
        .insertInto('services_policy')
        .values({ code: p.code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, updated_at: new Date() }))
        .execute();
      return true;
    },

    async startRun(policyId: string, period: string, trigger: RunRecord['trigger'], actor: string): Promise<RunRecord> {
      const row = await db.insertInto('services_policy_run').values({ policy_id: policyId, period, trigger, actor }).returningAll().executeTakeFirstOrThrow();
      return toRun(row);
    },

    async finishRun(id: string, counts: Pick<RunRecord, 'checked' | 'eligible' | 'created' | 'existing' | 'notified'>): Promise<RunRecord> {
      const row = await db
        .updateTable('services_policy_run')
        .set({ ...counts, finished_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRun(row);
    },

    async listRuns(policyId: string, limit: number): Promise<RunRecord[]> {
      const rows = await db.selectFrom('services_policy_run').selectAll().where('policy_id', '=', policyId).orderBy('started_at', 'desc').limit(limit).execute();
      return rows.map(toRun);
    },

    /** Applicant accounts of these identities (blind indexes), by index in hex. */
    async applicantsByIndex(kind: ApplicantKind, indexes: Buffer[]): Promise<Map<string, string>> {
      if (indexes.length === 0) {
        return new Map();
      }
      const rows = await db.selectFrom('services_applicant').select(['id', 'code_index']).where('kind', '=', kind).where('code_index', 'in', indexes).where('user_id', 'is not', null).execute();
      return new Map(rows.map((r) => [Buffer.from(r.code_index).toString('hex'), r.id]));
    },

    /** Inserts the entitlements not yet granted for (policy, subject, period); returns those inserted. */
    async insertEntitlements(policyId: string, period: string, runId: string, kind: ApplicantKind, rows: NewEntitlement[]): Promise<Array<{ id: string; applicantId: string | null; subjectName: string }>> {
      if (rows.length === 0) {
        return [];
      }
      const inserted = await db
        .insertInto('services_entitlement')
        .values(
          rows.map((r) => ({
            policy_id: policyId,
            period,
            subject_kind: kind,
            subject_enc: r.subjectEnc,
            subject_index: r.subjectIndex,
            subject_masked: r.subjectMasked,
            subject_name: r.subjectName,
            division_code: r.divisionCode,
            applicant_id: r.applicantId,
            run_id: runId,
            trace: jsonb(r.trace),
          })),
        )
        .onConflict((oc) => oc.columns(['policy_id', 'subject_index', 'period']).doNothing())
        .returning(['id', 'applicant_id', 'subject_name'])
        .execute();
      return inserted.map((r) => ({ id: r.id, applicantId: r.applicant_id, subjectName: r.subject_name }));
    },

    async listEntitlements(filter: { policyId?: string | undefined; applicantId?: string | undefined; period?: string | undefined }, page: { offset: number; limit: number }) {
      let query = db.selectFrom('services_entitlement as e').innerJoin('services_policy as p', 'p.id', 'e.policy_id');
      if (filter.policyId) {
        query = query.where('e.policy_id', '=', filter.policyId);
      }
      if (filter.applicantId) {
        query = query.where('e.applicant_id', '=', filter.applicantId);
      }
      if (filter.period) {
        query = query.where('e.period', '=', filter.period);
      }
      const [rows, count] = await Promise.all([
        query
          .select(['e.id', 'e.period', 'e.subject_kind', 'e.subject_masked', 'e.subject_name', 'e.division_code', 'e.applicant_id', 'e.trace', 'e.created_at', 'e.run_id', 'p.code as policy_code', 'p.name as policy_name', 'p.benefit', 'p.org_name'])
          .orderBy('e.created_at', 'desc')
          .orderBy('e.id')
          .offset(page.offset)
          .limit(page.limit)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(count.n),
        items: rows.map((r) => ({
          id: r.id,
          policy: { code: r.policy_code, name: r.policy_name, benefit: r.benefit, organisationName: r.org_name },
          period: r.period,
          subject: { kind: r.subject_kind, name: r.subject_name, codeMasked: r.subject_masked, divisionCode: r.division_code },
          hasAccount: r.applicant_id !== null,
          runId: r.run_id,
          trace: parsed<RuleTrace[]>(r.trace),
          createdAt: new Date(r.created_at).toISOString(),
        })),
      };
    },
  };
}

import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicantKind } from './applications.model.js';
import type { BundleApplicationStatus, BundleItem, BundleTables } from './bundles.tables.js';

export interface BundleRecord {
  id: string;
  code: string;
  name: string;
  summary: string;
  applicantKind: ApplicantKind;
  formSchema: Record<string, unknown>;
  items: BundleItem[];
  status: 'published' | 'withdrawn';
  updatedAt: Date;
}

export interface BundleApplicationRecord {
  id: string;
  number: string;
  bundleId: string;
  bundleCode: string;
  bundleName: string;
  applicantId: string;
  form: Record<string, unknown>;
  status: BundleApplicationStatus;
  childrenTotal: number;
  childrenFinished: number;
  finishedOn: string | null;
  version: number;
  submittedAt: Date;
  updatedAt: Date;
}

const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function toBundle(r: Record<string, any>): BundleRecord {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    summary: r.summary,
    applicantKind: r.applicant_kind,
    formSchema: parsed(r.form_schema),
    items: parsed(r.items),
    status: r.status,
    updatedAt: new Date(r.updated_at),
  };
}

function toApplication(r: Record<string, any>): BundleApplicationRecord {
  return {
    id: r.id,
    number: r.number,
    bundleId: r.bundle_id,
    bundleCode: r.bundle_code,
    bundleName: r.bundle_name,
    applicantId: r.applicant_id,
    form: parsed(r.form),
    status: r.status,
    childrenTotal: r.children_total,
    childrenFinished: r.children_finished,
    finishedOn: r.finished_on,
    version: r.version,
    submittedAt: new Date(r.submitted_at),
    updatedAt: new Date(r.updated_at),
  };
}

const applicationColumns = [
  'id',
  'number',
  'bundle_id',
  'bundle_code',
  'bundle_name',
  'applicant_id',
  'form',
  'status',
  'children_total',
  'children_finished',
  'version',
  'submitted_at',
  'updated_at',
] as const;

/** Bundles (一件事) and bundle applications; Kysely only. */
export function createBundleRepository(executor: Executor) {
  const db = tablesOf<BundleTables>(executor);
  const applications = () =>
    db.selectFrom('services_bundle_application').select([...applicationColumns, sql<string | null>`to_char(finished_on, 'YYYY-MM-DD')`.as('finished_on')]);

  return {
    async list(): Promise<BundleRecord[]> {
      const rows = await db.selectFrom('services_bundle').selectAll().where('status', '=', 'published').orderBy('code').execute();
      return rows.map(toBundle);
    },

    async get(code: string): Promise<BundleRecord | undefined> {
      const row = await db.selectFrom('services_bundle').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toBundle(row) : undefined;
    },

    /** Inserts or replaces a bundle by code; returns whether anything changed. */
    async upsert(bundle: Omit<BundleRecord, 'id' | 'updatedAt' | 'status'>): Promise<boolean> {
      const existing = await this.get(bundle.code);
      if (existing && JSON.stringify([existing.name, existing.summary, existing.applicantKind, existing.formSchema, existing.items]) === JSON.stringify([bundle.name, bundle.summary, bundle.applicantKind, bundle.formSchema, bundle.items])) {
        return false;
      }
      const values = { name: bundle.name, summary: bundle.summary, applicant_kind: bundle.applicantKind, form_schema: jsonb(bundle.formSchema), items: jsonb(bundle.items) };
      await db
        .insertInto('services_bundle')
        .values({ code: bundle.code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, updated_at: new Date() }))
        .execute();
      return true;
    },

    async insertApplication(input: { number: string; bundle: BundleRecord; applicantId: string; form: Record<string, unknown> }): Promise<BundleApplicationRecord> {
      const { id } = await db
        .insertInto('services_bundle_application')
        .values({
          number: input.number,
          bundle_id: input.bundle.id,
          bundle_code: input.bundle.code,
          bundle_name: input.bundle.name,
          applicant_id: input.applicantId,
          form: jsonb(input.form),
          children_total: input.bundle.items.length,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await this.getApplication(id))!;
    },

    async getApplication(id: string, options: { lock?: boolean } = {}): Promise<BundleApplicationRecord | undefined> {
      let query = applications().where('id', '=', id);
      if (options.lock) {
        query = query.forUpdate();
      }
      const row = await query.executeTakeFirst();
      return row ? toApplication(row) : undefined;
    },

    async listForApplicant(applicantId: string, page: { offset: number; limit: number }) {
      const base = db.selectFrom('services_bundle_application').where('applicant_id', '=', applicantId);
      const [rows, count] = await Promise.all([
        applications().where('applicant_id', '=', applicantId).orderBy('submitted_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toApplication), total: Number(count.n) };
    },

    /** Counts of the children by status (the children are services_application rows of this module). */
    async childStatuses(id: string): Promise<Array<{ status: string; n: number }>> {
      const rows = await sql<{ status: string; n: number }>`
        select status, count(*)::int as n from services_application where bundle_application_id = ${id} group by status`.execute(executor);
      return rows.rows.map((r) => ({ status: r.status, n: Number(r.n) }));
    },

    async setProgress(id: string, patch: { status: BundleApplicationStatus; childrenFinished: number; finishedOn: string | null }): Promise<BundleApplicationRecord> {
      await db
        .updateTable('services_bundle_application')
        .set({ status: patch.status, children_finished: patch.childrenFinished, finished_on: patch.finishedOn, version: sql`version + 1`, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      return (await this.getApplication(id))!;
    },
  };
}

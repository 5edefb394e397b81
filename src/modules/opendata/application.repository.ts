import type { Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicationStatus, OpendataTables } from './opendata.tables.js';

export interface Application {
  id: string;
  datasetId: string;
  applicantName: string;
  applicantOrganisation: string;
  contact: string;
  purpose: string;
  status: ApplicationStatus;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  apiKeyId: string | null;
  claimedAt: Date | null;
}

type ApplicationRow = Selectable<OpendataTables['opendata_application']>;

const toApplication = (row: ApplicationRow): Application => ({
  id: row.id,
  datasetId: row.dataset_id,
  applicantName: row.applicant_name,
  applicantOrganisation: row.applicant_organisation,
  contact: row.contact,
  purpose: row.purpose,
  status: row.status,
  createdAt: row.created_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  decisionNote: row.decision_note,
  apiKeyId: row.api_key_id,
  claimedAt: row.claimed_at,
});

/** Applications for conditional-open datasets; Kysely only. */
export function createApplicationRepository(executor: Executor) {
  const db = tablesOf<OpendataTables>(executor);

  return {
    async insert(values: { datasetId: string; applicantName: string; applicantOrganisation: string; contact: string; purpose: string; claimHash: string; createdAt: Date }): Promise<string> {
      const row = await db
        .insertInto('opendata_application')
        .values({
          dataset_id: values.datasetId,
          applicant_name: values.applicantName,
          applicant_organisation: values.applicantOrganisation,
          contact: values.contact,
          purpose: values.purpose,
          claim_hash: values.claimHash,
          created_at: values.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async get(id: string): Promise<(Application & { claimHash: string }) | undefined> {
      const row = await db.selectFrom('opendata_application').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { ...toApplication(row), claimHash: row.claim_hash } : undefined;
    },

    /** Decides a pending application; false when it was no longer pending. */
    async decide(id: string, decision: { status: 'approved' | 'rejected'; by: string; at: Date; note: string | null }): Promise<boolean> {
      const result = await db
        .updateTable('opendata_application')
        .set({ status: decision.status, decided_by: decision.by, decided_at: decision.at, decision_note: decision.note })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Records the key issued on claim; false when a key was already claimed. */
    async claim(id: string, apiKeyId: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('opendata_application')
        .set({ api_key_id: apiKeyId, claimed_at: at })
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .where('api_key_id', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** True when `apiKeyId` was issued for an approved application to `datasetId`. */
    async granted(apiKeyId: string, datasetId: string): Promise<boolean> {
      const row = await db
        .selectFrom('opendata_application')
        .select('id')
        .where('api_key_id', '=', apiKeyId)
        .where('dataset_id', '=', datasetId)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      return row !== undefined;
    },

    async list(filter: { ownerId?: string; regionPrefix?: string; status?: ApplicationStatus }, page: { offset: number; limit: number }): Promise<{ items: Array<Application & { datasetName: string; datasetTitle: string }>; total: number }> {
      let q = db.selectFrom('opendata_application as a').innerJoin('opendata_dataset as d', 'd.id', 'a.dataset_id');
      if (filter.ownerId !== undefined) {
        q = q.where('d.owner_id', '=', filter.ownerId);
      }
      if (filter.regionPrefix !== undefined) {
        q = q.where('d.owner_division_code', 'like', `${filter.regionPrefix}%`);
      }
      if (filter.status !== undefined) {
        q = q.where('a.status', '=', filter.status);
      }
      const [rows, count] = await Promise.all([
        q.selectAll('a').select(['d.name as dataset_name', 'd.title as dataset_title']).orderBy('a.created_at', 'desc').offset(page.offset).limit(page.limit).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((r) => ({ ...toApplication(r), datasetName: r.dataset_name, datasetTitle: r.dataset_title })), total: Number(count.n) };
    },
  };
}

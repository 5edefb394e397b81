import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicationStatus, MaterialSource, Step } from './applications.model.js';
import type { ApplicationTables } from './applications.tables.js';

export interface MaterialRecord {
  id: string;
  name: string;
  source: MaterialSource;
  file: { id: string; name: string; size: number; contentType: string; sm3: string; storageKey: string } | null;
  license: { id: string; identifier: string; name: string; number: string } | null;
  note: string | null;
  attachedAt: Date;
}

export type NewMaterial = Omit<MaterialRecord, 'id' | 'attachedAt' | 'file'> & { fileId: string | null };

export interface ReviewRecord {
  organisationId: string;
  organisationCode: string;
  organisationName: string;
  lead: boolean;
  roles: string[];
  status: 'pending' | 'done';
  opinion: 'agree' | 'disagree' | null;
  comment: string | null;
  actor: string | null;
  doneAt: Date | null;
}

export interface LogRecord {
  id: number;
  action: string;
  step: Step | null;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actor: string | null;
  organisationName: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  at: Date;
}

const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** The columns of an attached material. */
export const materialRow = (applicationId: string, m: NewMaterial) => ({
  application_id: applicationId,
  name: m.name,
  source: m.source,
  file_id: m.fileId,
  license_id: m.license?.id ?? null,
  license_identifier: m.license?.identifier ?? null,
  license_name: m.license?.name ?? null,
  license_number: m.license?.number ?? null,
  note: m.note,
});

/** The columns of a progress log entry. */
export const logRow = (applicationId: string, entry: Omit<LogRecord, 'id' | 'at'>) => ({
  application_id: applicationId,
  action: entry.action,
  step: entry.step,
  from_status: entry.fromStatus,
  to_status: entry.toStatus,
  actor: entry.actor,
  org_name: entry.organisationName,
  comment: entry.comment,
  details: entry.details === null ? null : jsonb(entry.details),
});

/** What an application carries: its materials, its reviews (审查) and its progress log; Kysely only. */
export function createApplicationPartsRepository(executor: Executor) {
  const db = tablesOf<ApplicationTables>(executor);

  return {
    async insertMaterials(applicationId: string, materials: readonly NewMaterial[]): Promise<void> {
      if (materials.length > 0) {
        await db
          .insertInto('services_application_material')
          .values(materials.map((m) => materialRow(applicationId, m)))
          .execute();
      }
    },

    async deleteMaterials(applicationId: string, names: readonly string[]): Promise<void> {
      if (names.length > 0) {
        await db.deleteFrom('services_application_material').where('application_id', '=', applicationId).where('name', 'in', names).execute();
      }
    },

    async listMaterials(applicationId: string): Promise<MaterialRecord[]> {
      const rows = await db
        .selectFrom('services_application_material as m')
        .leftJoin('services_file as f', 'f.id', 'm.file_id')
        .select([
          'm.id',
          'm.name',
          'm.source',
          'm.file_id',
          'm.license_id',
          'm.license_identifier',
          'm.license_name',
          'm.license_number',
          'm.note',
          'm.attached_at',
          'f.original_name',
          'f.size',
          'f.content_type',
          'f.sm3',
          'f.storage_key',
        ])
        .where('m.application_id', '=', applicationId)
        .orderBy('m.attached_at')
        .orderBy('m.name')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        source: r.source,
        file: r.file_id ? { id: r.file_id, name: r.original_name!, size: r.size!, contentType: r.content_type!, sm3: r.sm3!, storageKey: r.storage_key! } : null,
        license: r.license_id ? { id: r.license_id, identifier: r.license_identifier!, name: r.license_name!, number: r.license_number! } : null,
        note: r.note,
        attachedAt: new Date(r.attached_at),
      }));
    },

    async insertReviews(applicationId: string, reviews: ReadonlyArray<Pick<ReviewRecord, 'organisationId' | 'organisationCode' | 'organisationName' | 'lead' | 'roles'>>): Promise<void> {
      await db
        .insertInto('services_application_review')
        .values(reviews.map((r) => ({ application_id: applicationId, org_id: r.organisationId, org_code: r.organisationCode, org_name: r.organisationName, lead: r.lead, roles: r.roles })))
        .execute();
    },

    async listReviews(applicationId: string): Promise<ReviewRecord[]> {
      const rows = await db.selectFrom('services_application_review').selectAll().where('application_id', '=', applicationId).orderBy('lead', 'desc').orderBy('org_code').execute();
      return rows.map((r) => ({
        organisationId: r.org_id,
        organisationCode: r.org_code,
        organisationName: r.org_name,
        lead: r.lead,
        roles: r.roles,
        status: r.status,
        opinion: r.opinion,
        comment: r.comment,
        actor: r.actor,
        doneAt: r.done_at ? new Date(r.done_at) : null,
      }));
    },

    /** Records an organisation's opinion if still pending; false when it was already done. */
    async completeReview(applicationId: string, organisationId: string, input: { opinion: 'agree' | 'disagree'; comment: string | null; actor: string }): Promise<boolean> {
      const result = await db
        .updateTable('services_application_review')
        .set({ status: 'done', opinion: input.opinion, comment: input.comment, actor: input.actor, done_at: new Date() })
        .where('application_id', '=', applicationId)
        .where('org_id', '=', organisationId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async insertLog(applicationId: string, entry: Omit<LogRecord, 'id' | 'at'>): Promise<void> {
      await db.insertInto('services_application_log').values(logRow(applicationId, entry)).execute();
    },

    async listLog(applicationId: string): Promise<LogRecord[]> {
      const rows = await db.selectFrom('services_application_log').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
      return rows.map((r) => ({
        id: Number(r.id),
        action: r.action,
        step: r.step,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actor: r.actor,
        organisationName: r.org_name,
        comment: r.comment,
        details: r.details === null ? null : parsed(r.details),
        at: new Date(r.at),
      }));
    },
  };
}

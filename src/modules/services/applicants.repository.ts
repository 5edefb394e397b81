import type { Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ApplicantKind } from './applications.model.js';
import type { ApplicationTables } from './applications.tables.js';

export interface ApplicantRow {
  id: string;
  userId: string | null;
  kind: ApplicantKind;
  name: string;
  codeEnc: Buffer;
  codeMasked: string;
  representativeName: string | null;
  divisionCode: string;
  verifiedAt: Date;
}

export interface FileRow {
  id: string;
  applicantId: string;
  sm3: string;
  size: number;
  contentType: string;
  originalName: string;
  storageKey: string;
  createdAt: Date;
}

export interface MessageRow {
  id: string;
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewMessage {
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
}

/** The columns of a message to an applicant. */
export const messageRow = (m: NewMessage & { applicantId: string }) => ({ applicant_id: m.applicantId, application_id: m.applicationId, kind: m.kind, title: m.title, body: m.body });

const toApplicant = (r: Selectable<ApplicationTables['services_applicant']>): ApplicantRow => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  name: r.name,
  codeEnc: Buffer.from(r.code_enc),
  codeMasked: r.code_masked,
  representativeName: r.representative_name,
  divisionCode: r.division_code,
  verifiedAt: new Date(r.verified_at),
});

/** Applicants, their uploaded files and their messages; Kysely only. */
export function createApplicantRepository(executor: Executor) {
  const db = tablesOf<ApplicationTables>(executor);
  const applicants = () => db.selectFrom('services_applicant').selectAll();

  return {
    /** Reserves an identity for a new account; undefined when it is already registered. */
    async reserve(input: { kind: ApplicantKind; name: string; codeEnc: Buffer; codeIndex: Buffer; codeMasked: string; representativeName: string | null; divisionCode: string }): Promise<string | undefined> {
      const row = await db
        .insertInto('services_applicant')
        .values({
          kind: input.kind,
          name: input.name,
          code_enc: input.codeEnc,
          code_index: input.codeIndex,
          code_masked: input.codeMasked,
          representative_name: input.representativeName,
          division_code: input.divisionCode,
        })
        .onConflict((oc) => oc.columns(['kind', 'code_index']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    async attachUser(id: string, userId: string): Promise<void> {
      await db.updateTable('services_applicant').set({ user_id: userId }).where('id', '=', id).execute();
    },

    async release(id: string): Promise<void> {
      await db.deleteFrom('services_applicant').where('id', '=', id).where('user_id', 'is', null).execute();
    },

    async getByUser(userId: string): Promise<ApplicantRow | undefined> {
      const row = await applicants().where('user_id', '=', userId).executeTakeFirst();
      return row ? toApplicant(row) : undefined;
    },

    async get(id: string): Promise<ApplicantRow | undefined> {
      const row = await applicants().where('id', '=', id).executeTakeFirst();
      return row ? toApplicant(row) : undefined;
    },

    async insertFile(file: Omit<FileRow, 'id' | 'createdAt'>): Promise<FileRow> {
      const row = await db
        .insertInto('services_file')
        .values({ applicant_id: file.applicantId, sm3: file.sm3, size: file.size, content_type: file.contentType, original_name: file.originalName, storage_key: file.storageKey })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      return { ...file, id: row.id, createdAt: new Date(row.created_at) };
    },

    /** The applicant's own files among `ids`. */
    async filesOf(applicantId: string, ids: readonly string[]): Promise<FileRow[]> {
      if (ids.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('services_file').selectAll().where('applicant_id', '=', applicantId).where('id', 'in', ids).execute();
      return rows.map((r) => ({
        id: r.id,
        applicantId: r.applicant_id,
        sm3: r.sm3,
        size: r.size,
        contentType: r.content_type,
        originalName: r.original_name,
        storageKey: r.storage_key,
        createdAt: new Date(r.created_at),
      }));
    },

    async insertMessage(applicantId: string, message: NewMessage): Promise<void> {
      await db.insertInto('services_message').values(messageRow({ applicantId, ...message })).execute();
    },

    async listMessages(applicantId: string, filter: { unread?: boolean | undefined }, page: { offset: number; limit: number }): Promise<{ items: MessageRow[]; total: number; unread: number }> {
      let query = db.selectFrom('services_message').where('applicant_id', '=', applicantId);
      if (filter.unread) {
        query = query.where('read_at', 'is', null);
      }
      const [rows, count, unread] = await Promise.all([
        query.select(['id', 'application_id', 'kind', 'title', 'body', 'created_at', 'read_at']).orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('services_message').where('applicant_id', '=', applicantId).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({ id: r.id, applicationId: r.application_id, kind: r.kind, title: r.title, body: r.body, createdAt: new Date(r.created_at), readAt: r.read_at ? new Date(r.read_at) : null })),
        total: Number(count.n),
        unread: Number(unread.n),
      };
    },

    /** Marks the applicant's message read; false when it is not theirs. */
    async markRead(applicantId: string, id: string): Promise<boolean> {
      const result = await db
        .updateTable('services_message')
        .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(new Date())) }))
        .where('id', '=', id)
        .where('applicant_id', '=', applicantId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type ApplicantRepository = ReturnType<typeof createApplicantRepository>;

import { sql } from 'kysely';
import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import { sm3Hex } from '../../kernel/crypto/index.js';
import { tablesOf, type Db } from '../../kernel/db/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import { actorOf } from './cases.deps.js';
import { AuthForbidden } from '../../kernel/errors/index.js';
import { AttachmentLimit, AttachmentNotFound, AttachmentTooLarge, AttachmentType } from './cases.errors.js';
import { CasesPermissions } from './cases.permissions.js';
import type { CasesService } from './cases.service.js';
import type { CasesTables } from './cases.tables.js';

/** Photos only; at most this many per case and this size each. */
export const ATTACHMENT_LIMITS = { perCase: 9, maxBytes: 5 * 1024 * 1024 } as const;

interface AttachmentTables {
  cases_attachment: {
    id: string;
    case_id: string;
    file_name: string;
    content_type: string;
    size: number;
    sm3: string;
    data: Buffer;
    created_by: string;
    created_at: Date;
  };
}

export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sm3: string;
  createdAt: string;
}

/** The photo's type from its first bytes (the name and the declared type are not trusted). */
export function photoType(data: Buffer): string | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    return 'image/jpeg';
  }
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return null;
}

const view = (r: { id: string; file_name: string; content_type: string; size: number; sm3: string; created_at: Date }): AttachmentView => ({
  id: r.id,
  name: r.file_name,
  contentType: r.content_type,
  size: r.size,
  sm3: r.sm3,
  createdAt: r.created_at.toISOString(),
});

/**
 * Photos of a case. Anyone who may see the case (region, and for handlers their own
 * organisation, as `CasesService.get` checks) lists and opens them; adding one takes
 * intake, dispatch or handling rights, and an audit record in the same transaction.
 */
export function createAttachments(deps: { db: Db; audit: Pick<AuditLog, 'append'>; cases: Pick<CasesService, 'get'> }) {
  const tables = (executor: Db) => tablesOf<AttachmentTables & CasesTables>(executor);
  const columns = ['id', 'file_name', 'content_type', 'size', 'sm3', 'created_at'] as const;

  return {
    async list(principal: Principal, caseId: string): Promise<AttachmentView[]> {
      await deps.cases.get(principal, caseId);
      const rows = await tables(deps.db).selectFrom('cases_attachment').select(columns).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(view);
    },

    async add(principal: Principal, caseId: string, file: { filename: string; data: Buffer }): Promise<AttachmentView> {
      const c = await deps.cases.get(principal, caseId);
      const may = [CasesPermissions.intake, CasesPermissions.dispatch, CasesPermissions.handle].some((p) => hasPermission(principal, p));
      if (!may) {
        throw AuthForbidden({ required: [CasesPermissions.intake, CasesPermissions.dispatch, CasesPermissions.handle] });
      }
      if (file.data.length > ATTACHMENT_LIMITS.maxBytes) {
        throw AttachmentTooLarge({ maxBytes: ATTACHMENT_LIMITS.maxBytes });
      }
      const contentType = photoType(file.data);
      if (!contentType) {
        throw AttachmentType({ accepted: ['image/jpeg', 'image/png', 'image/webp'] });
      }
      const name = (file.filename.split(/[\\/]/).at(-1) ?? '').slice(0, 200) || 'photo';
      const hash = sm3Hex(file.data);
      return deps.db.transaction().execute(async (trx) => {
        const db = tables(trx as unknown as Db);
        // One writer per case at a time, so the limit holds under concurrent uploads.
        await db.selectFrom('cases_case').select('id').where('id', '=', c.id).forUpdate().executeTakeFirst();
        const { n } = await db.selectFrom('cases_attachment').select(sql<number>`count(*)::int`.as('n')).where('case_id', '=', c.id).executeTakeFirstOrThrow();
        if (n >= ATTACHMENT_LIMITS.perCase) {
          throw AttachmentLimit({ perCase: ATTACHMENT_LIMITS.perCase });
        }
        const row = await db
          .insertInto('cases_attachment')
          .values({ case_id: c.id, file_name: name, content_type: contentType, size: file.data.length, sm3: hash, data: file.data, created_by: actorOf(principal) } as never)
          .returning(columns)
          .executeTakeFirstOrThrow();
        await deps.audit.append(trx, { actor: actorOf(principal), action: 'cases.attachment.add', target: `cases.case:${c.id}`, details: { number: c.number, attachment: row.id, name, size: file.data.length, sm3: hash } });
        return view(row);
      });
    },

    async open(principal: Principal, caseId: string, attachmentId: string): Promise<{ name: string; contentType: string; data: Buffer }> {
      await deps.cases.get(principal, caseId);
      const row = await tables(deps.db).selectFrom('cases_attachment').select(['file_name', 'content_type', 'data']).where('case_id', '=', caseId).where('id', '=', attachmentId).executeTakeFirst();
      if (!row) {
        throw AttachmentNotFound({ attachmentId });
      }
      return { name: row.file_name, contentType: row.content_type, data: Buffer.from(row.data) };
    },
  };
}

export type Attachments = ReturnType<typeof createAttachments>;

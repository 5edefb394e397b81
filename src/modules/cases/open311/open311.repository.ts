import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import type { CasesTables } from '../cases.tables.js';
import type { CoordinationTables } from '../coordination.tables.js';

type Tables = CasesTables & CoordinationTables;

/** Channels whose reports are public in Open311; hotline calls and transfers stay private. */
export const PUBLIC_CHANNELS = ['web', 'grid', 'iot'] as const;

export interface RequestRow {
  id: string;
  number: string;
  status: string;
  categoryCode: string | null;
  categoryName: string | null;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  orgName: string | null;
  deadlineAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  mediaUrl: string | null;
  /** The organisation's public answer (反馈 or 结案 note). */
  note: string | null;
  mergedIntoNumber: string | null;
}

export interface RequestFilter {
  numbers?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  statuses?: Array<'open' | 'closed'> | undefined;
  startDate?: Date | undefined;
  endDate?: Date | undefined;
  updatedAfter?: Date | undefined;
  updatedBefore?: Date | undefined;
  offset: number;
  limit: number;
}

export interface UpdateRow {
  id: number;
  number: string;
  action: string;
  toStatus: string;
  comment: string | null;
  createdAt: Date;
}

/** Reads of cases for the GeoReport v2 API, public channels only; writes of its tokens. */
export function createOpen311Repository(executor: Executor) {
  const db = tablesOf<Tables>(executor);

  const base = () =>
    db
      .selectFrom('cases_case as c')
      .leftJoin('cases_category as g', 'g.code', 'c.category_code')
      .leftJoin('cases_open311_request as o', 'o.case_id', 'c.id')
      .leftJoin('cases_merge as m', 'm.case_id', 'c.id')
      .leftJoin('cases_case as mc', 'mc.id', 'm.into_case_id')
      .where('c.channel', 'in', [...PUBLIC_CHANNELS])
      .select([
        'c.id',
        'c.number',
        'c.status',
        'c.category_code as categoryCode',
        'g.name as categoryName',
        'c.description',
        'c.address',
        'c.lon',
        'c.lat',
        'c.org_name as orgName',
        'c.deadline_at as deadlineAt',
        'c.created_at as createdAt',
        'c.updated_at as updatedAt',
        'o.media_url as mediaUrl',
        'mc.number as mergedIntoNumber',
        sql<string | null>`(select e.comment from cases_case_event e where e.case_id = c.id and e.action in ('reply', 'close') and e.comment is not null order by e.id desc limit 1)`.as('note'),
      ]);

  function filtered(f: RequestFilter) {
    let q = base();
    if (f.numbers) {
      return q.where('c.number', 'in', f.numbers.length > 0 ? f.numbers : ['']);
    }
    if (f.serviceCodes) {
      q = q.where('c.category_code', 'in', f.serviceCodes);
    }
    if (f.statuses && f.statuses.length === 1) {
      q = f.statuses[0] === 'closed' ? q.where('c.status', '=', 'closed') : q.where('c.status', '<>', 'closed');
    }
    if (f.startDate) {
      q = q.where('c.created_at', '>=', f.startDate);
    }
    if (f.endDate) {
      q = q.where('c.created_at', '<=', f.endDate);
    }
    if (f.updatedAfter) {
      q = q.where('c.updated_at', '>=', f.updatedAfter);
    }
    if (f.updatedBefore) {
      q = q.where('c.updated_at', '<=', f.updatedBefore);
    }
    return q;
  }

  return {
    /** Requests newest first, and how many match in all. */
    async list(f: RequestFilter): Promise<{ rows: RequestRow[]; total: number }> {
      const q = filtered(f);
      const [rows, count] = await Promise.all([
        q.orderBy('c.created_at', 'desc').orderBy('c.id').offset(f.offset).limit(f.limit).execute(),
        q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows as unknown as RequestRow[], total: count.n };
    },

    /** The case opened for a token: its `source_ref` is `open311:<token>`, written with the case. */
    async byToken(token: string): Promise<{ number: string } | undefined> {
      return db.selectFrom('cases_case').select('number').where('source_ref', '=', `open311:${token}`).executeTakeFirst();
    },

    async insertToken(row: { token: string; caseId: string; mediaUrl: string | null; apiKeyId: string }): Promise<void> {
      await db.insertInto('cases_open311_request').values({ token: row.token, case_id: row.caseId, media_url: row.mediaUrl, api_key_id: row.apiKeyId }).execute();
    },

    /** Timeline entries of public cases between two instants, oldest first (servicerequestupdates). */
    async updates(f: { actions: readonly string[]; from: Date; to: Date; offset: number; limit: number }): Promise<UpdateRow[]> {
      const rows = await db
        .selectFrom('cases_case_event as e')
        .innerJoin('cases_case as c', 'c.id', 'e.case_id')
        .where('c.channel', 'in', [...PUBLIC_CHANNELS])
        .where('e.action', 'in', [...f.actions])
        .where('e.created_at', '>=', f.from)
        .where('e.created_at', '<=', f.to)
        .select(['e.id', 'c.number', 'e.action', 'e.to_status as toStatus', 'e.comment', 'e.created_at as createdAt'])
        .orderBy('e.id')
        .offset(f.offset)
        .limit(f.limit)
        .execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
  };
}

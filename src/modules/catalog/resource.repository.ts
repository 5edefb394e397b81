import { sql } from 'kysely';
import { jsonb, nextPublishedVersion, selectPage, tablesOf, tsvector, type Executor, type PageWindow } from '../../kernel/db/index.js';
import type { ResourceChange } from './catalog.events.js';
import type { Resource, ResourceContent, ResourceField, ResourceOwner, Status } from './catalog.model.js';
import type { CatalogTables } from './catalog.tables.js';

/** A resource row to write: its content, owner and the tsvector literal of its words. */
export interface ResourceWrite extends ResourceContent {
  owner: ResourceOwner;
  searchVector: string;
  actor: string | null;
}

export interface VersionRow {
  version: number;
  action: ResourceChange;
  snapshot: unknown;
  actor: string | null;
  note: string | null;
  at: Date;
}


export const resourceColumns = [
  'id',
  'code',
  'name',
  'owner_id',
  'owner_code',
  'owner_name',
  'owner_division_code',
  'description',
  'category',
  'fields',
  'update_cycle',
  'share_attribute',
  'share_condition',
  'open_attribute',
  'open_condition',
  'grade',
  'tags',
  'status',
  'version',
  'created_at',
  'updated_at',
  'published_at',
] as const;

type ResourceRecord = Pick<CatalogTables['catalog_resource'], 'owner_id' | 'owner_code' | 'owner_name' | 'owner_division_code' | 'fields'> & {
  id: string;
  code: string;
  name: string;
  description: string;
  category: string;
  update_cycle: Resource['updateCycle'];
  share_attribute: Resource['shareAttribute'];
  share_condition: string | null;
  open_attribute: Resource['openAttribute'];
  open_condition: string | null;
  grade: Resource['grade'];
  tags: string[];
  status: Status;
  version: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
};

export function toResource(row: ResourceRecord): Resource {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    owner: { id: row.owner_id, code: row.owner_code, name: row.owner_name, divisionCode: row.owner_division_code },
    description: row.description,
    category: row.category,
    fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as ResourceField[],
    updateCycle: row.update_cycle,
    shareAttribute: row.share_attribute,
    shareCondition: row.share_condition,
    openAttribute: row.open_attribute,
    openCondition: row.open_condition,
    grade: row.grade,
    tags: row.tags,
    status: row.status,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    publishedAt: row.published_at ? new Date(row.published_at) : null,
  };
}

function contentColumns(write: ResourceWrite) {
  return {
    name: write.name,
    owner_id: write.owner.id,
    owner_code: write.owner.code,
    owner_name: write.owner.name,
    owner_division_code: write.owner.divisionCode,
    description: write.description,
    category: write.category,
    fields: jsonb(write.fields),
    update_cycle: write.updateCycle,
    share_attribute: write.shareAttribute,
    share_condition: write.shareCondition,
    open_attribute: write.openAttribute,
    open_condition: write.openCondition,
    grade: write.grade,
    tags: write.tags,
    search_vector: tsvector(write.searchVector),
    updated_by: write.actor,
  };
}

/** Resources, their versions and code sequences; Kysely only. */
export function createResourceRepository(executor: Executor) {
  const db = tablesOf<CatalogTables>(executor);
  const base = () => db.selectFrom('catalog_resource').select(resourceColumns);

  return {
    async get(id: string): Promise<Resource | undefined> {
      const row = await base().where('id', '=', id).executeTakeFirst();
      return row ? toResource(row) : undefined;
    },

    async getByCode(code: string): Promise<Resource | undefined> {
      const row = await base().where('code', '=', code).executeTakeFirst();
      return row ? toResource(row) : undefined;
    },

    /** Inserts a resource at version 1; returns undefined when its code is taken. */
    async insert(code: string, status: Status, write: ResourceWrite): Promise<Resource | undefined> {
      const row = await db
        .insertInto('catalog_resource')
        .values({
          ...contentColumns(write),
          code,
          status,
          created_by: write.actor,
          published_at: status === 'published' ? new Date() : null,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning(resourceColumns)
        .executeTakeFirst();
      return row ? toResource(row) : undefined;
    },

    /**
     * Writes new content (and status) if the row still has `version`, and bumps the version;
     * returns undefined on a concurrent edit.
     */
    async update(id: string, version: number, write: ResourceWrite, status: Status): Promise<Resource | undefined> {
      const row = await db
        .updateTable('catalog_resource')
        .set({
          ...contentColumns(write),
          status,
          ...nextPublishedVersion(status === 'published'),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning(resourceColumns)
        .executeTakeFirst();
      return row ? toResource(row) : undefined;
    },

    async insertVersion(resourceId: string, entry: Omit<VersionRow, 'at'>): Promise<void> {
      await db
        .insertInto('catalog_resource_version')
        .values({
          resource_id: resourceId,
          version: entry.version,
          action: entry.action,
          snapshot: jsonb(entry.snapshot),
          actor: entry.actor,
          note: entry.note,
        })
        .execute();
    },

    /** Versions of a resource, newest first. */
    async listVersions(resourceId: string, page: PageWindow): Promise<{ items: VersionRow[]; total: number }> {
      const query = db.selectFrom('catalog_resource_version').where('resource_id', '=', resourceId);
      const { rows, total } = await selectPage(query.select(['version', 'action', 'snapshot', 'actor', 'note', 'at']).orderBy('version', 'desc'), query, page);
      return { items: rows.map((v) => ({ ...v, at: new Date(v.at) })), total };
    },

    /** The next number for codes starting with `prefix` (1, 2, 3…); atomic across nodes. */
    async nextSequence(prefix: string): Promise<number> {
      const row = await db
        .insertInto('catalog_code_sequence')
        .values({ prefix, last: 1 })
        .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: sql`catalog_code_sequence.last + 1` }))
        .returning('last')
        .executeTakeFirstOrThrow();
      return row.last;
    },

    async codeExists(code: string): Promise<boolean> {
      return (await db.selectFrom('catalog_resource').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
    },
  };
}

export type ResourceRepository = ReturnType<typeof createResourceRepository>;

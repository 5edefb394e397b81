import type { Selectable } from 'kysely';
import { json, jsonb, nextPublishedVersion, selectPage, tablesOf, tsvector, type Executor, type PageWindow } from '../../kernel/db/index.js';
import type { ItemChange } from './services.events.js';
import type { Fee, Item, ItemContent, ItemOrganisation, Level, Material, Status } from './services.model.js';
import type { ServicesTables } from './services.tables.js';

/** An item row to write: content, organisation, level and the tsvector literal of its words. */
export interface ItemWrite extends ItemContent {
  organisation: ItemOrganisation;
  level: Level;
  searchVector: string;
  actor: string | null;
}

export interface VersionRow {
  version: number;
  action: ItemChange;
  snapshot: unknown;
  actor: string | null;
  note: string | null;
  at: Date;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export const itemColumns = [
  'id',
  'code',
  'basic_code',
  'name',
  'aliases',
  'type',
  'org_id',
  'org_code',
  'org_name',
  'org_division_code',
  'org_credit_code',
  'level',
  'subjects',
  'basis',
  'conditions',
  'process',
  'legal_limit_days',
  'promised_limit_days',
  'materials',
  'fees',
  'channels',
  'online_depth',
  'cross_region',
  'form_schema',
  'high_frequency',
  'high_frequency_rank',
  'status',
  'version',
  'created_at',
  'updated_at',
  'published_at',
] as const;

/** A row as `itemColumns` select it. */
export type ItemRecord = Omit<Selectable<ServicesTables['services_item']>, 'search_vector' | 'created_by' | 'updated_by'>;

export function toItem(row: ItemRecord): Item {
  return {
    id: row.id,
    code: row.code,
    basicCode: row.basic_code,
    name: row.name,
    aliases: row.aliases,
    type: row.type,
    organisation: { id: row.org_id, code: row.org_code, name: row.org_name, divisionCode: row.org_division_code, creditCode: row.org_credit_code },
    level: row.level,
    subjects: row.subjects,
    basis: row.basis,
    conditions: row.conditions,
    process: row.process,
    legalLimitDays: row.legal_limit_days,
    promisedLimitDays: row.promised_limit_days,
    materials: parsed<Material[]>(row.materials),
    fees: parsed<Fee[]>(row.fees),
    channels: row.channels,
    onlineDepth: row.online_depth,
    crossRegion: row.cross_region,
    formSchema: parsed<Record<string, unknown>>(row.form_schema),
    highFrequency: row.high_frequency,
    highFrequencyRank: row.high_frequency_rank,
    status: row.status,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    publishedAt: row.published_at ? new Date(row.published_at) : null,
  };
}

function contentColumns(write: ItemWrite) {
  return {
    name: write.name,
    aliases: write.aliases,
    type: write.type,
    org_id: write.organisation.id,
    org_code: write.organisation.code,
    org_name: write.organisation.name,
    org_division_code: write.organisation.divisionCode,
    org_credit_code: write.organisation.creditCode,
    level: write.level,
    subjects: write.subjects,
    basis: write.basis,
    conditions: write.conditions,
    process: write.process,
    legal_limit_days: write.legalLimitDays,
    promised_limit_days: write.promisedLimitDays,
    materials: jsonb(write.materials),
    fees: jsonb(write.fees),
    channels: write.channels,
    online_depth: write.onlineDepth,
    cross_region: write.crossRegion,
    form_schema: json(write.formSchema),
    high_frequency: write.highFrequency,
    high_frequency_rank: write.highFrequencyRank,
    search_vector: tsvector(write.searchVector),
    updated_by: write.actor,
  };
}

/** Items and their versions; Kysely only. */
export function createItemRepository(executor: Executor) {
  const db = tablesOf<ServicesTables>(executor);
  const base = () => db.selectFrom('services_item').select(itemColumns);

  return {
    async get(id: string): Promise<Item | undefined> {
      const row = await base().where('id', '=', id).executeTakeFirst();
      return row ? toItem(row) : undefined;
    },

    async getByCode(code: string): Promise<Item | undefined> {
      const row = await base().where('code', '=', code).executeTakeFirst();
      return row ? toItem(row) : undefined;
    },

    /** Inserts an item at version 1; undefined when its code is taken. */
    async insert(code: string, basicCode: string, status: Status, write: ItemWrite): Promise<Item | undefined> {
      const row = await db
        .insertInto('services_item')
        .values({
          ...contentColumns(write),
          code,
          basic_code: basicCode,
          status,
          created_by: write.actor,
          published_at: status === 'published' ? new Date() : null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(itemColumns)
        .executeTakeFirst();
      return row ? toItem(row) : undefined;
    },

    /**
     * Writes new content (and status) if the row still has `version`, and bumps the
     * version; undefined on a concurrent edit.
     */
    async update(id: string, version: number, write: ItemWrite, status: Status): Promise<Item | undefined> {
      const row = await db
        .updateTable('services_item')
        .set({
          ...contentColumns(write),
          status,
          ...nextPublishedVersion(status === 'published'),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning(itemColumns)
        .executeTakeFirst();
      return row ? toItem(row) : undefined;
    },

    async insertVersion(itemId: string, entry: Omit<VersionRow, 'at'>): Promise<void> {
      await db
        .insertInto('services_item_version')
        .values({ item_id: itemId, version: entry.version, action: entry.action, snapshot: json(entry.snapshot), actor: entry.actor, note: entry.note })
        .execute();
    },

    /** One version of an item, as applications refer to it. */
    async getVersion(itemId: string, version: number): Promise<VersionRow | undefined> {
      const row = await db
        .selectFrom('services_item_version')
        .select(['version', 'action', 'snapshot', 'actor', 'note', 'at'])
        .where('item_id', '=', itemId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? { ...row, snapshot: parsed(row.snapshot), at: new Date(row.at) } : undefined;
    },

    /** Versions of an item, newest first. */
    async listVersions(itemId: string, page: PageWindow): Promise<{ items: VersionRow[]; total: number }> {
      const query = db.selectFrom('services_item_version').where('item_id', '=', itemId);
      const { rows, total } = await selectPage(query.select(['version', 'action', 'snapshot', 'actor', 'note', 'at']).orderBy('version', 'desc'), query, page);
      return { items: rows.map((v) => ({ ...v, snapshot: parsed(v.snapshot), at: new Date(v.at) })), total };
    },
  };
}

export type ItemRepository = ReturnType<typeof createItemRepository>;

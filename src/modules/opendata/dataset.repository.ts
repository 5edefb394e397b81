import { sql, type Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { Access, Format, Frequency, OpenField, Row } from './opendata.model.js';
import type { DatasetStatus, OpendataTables, UpdateKind } from './opendata.tables.js';

/** A dataset as the portal holds it. */
export interface Dataset {
  id: string;
  name: string;
  resourceId: string;
  resourceVersion: number;
  title: string;
  description: string;
  tags: string[];
  theme: string;
  licence: string;
  frequency: Frequency;
  spatial: { code: string; name: string };
  temporal: { start: string | null; end: string | null };
  contact: { name: string; email: string | null; phone: string | null };
  owner: { id: string; code: string; name: string; divisionCode: string };
  access: Access;
  accessCondition: string | null;
  fields: OpenField[];
  formats: Format[];
  status: DatasetStatus;
  rowCount: number;
  downloads: number;
  apiCalls: number;
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  dataUpdatedAt: Date;
  dueAt: Date;
}

export interface Distribution {
  id: string;
  datasetId: string;
  format: Format;
  position: number;
  createdAt: Date;
  modifiedAt: Date;
}

export interface UpdateRecord {
  id: number;
  kind: UpdateKind;
  at: Date;
  actor: string;
  note: string | null;
  rowCount: number | null;
  changed: string[];
}

type DatasetRow = Omit<Selectable<OpendataTables['opendata_dataset']>, 'change_seq'>;
export type DatasetColumns = Omit<OpendataTables['opendata_dataset'], 'id' | 'downloads' | 'api_calls' | 'version' | 'change_seq'>;

export const datasetColumns = [
  'id', 'name', 'resource_id', 'resource_version', 'title', 'description', 'tags', 'theme', 'licence', 'frequency',
  'spatial_code', 'spatial_name', 'temporal_start', 'temporal_end', 'contact_name', 'contact_email', 'contact_phone',
  'owner_id', 'owner_code', 'owner_name', 'owner_division_code', 'access', 'access_condition', 'fields', 'formats',
  'status', 'row_count', 'downloads', 'api_calls', 'version', 'created_at', 'modified_at', 'data_updated_at', 'due_at',
] as const;

const parse = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
/** `date` columns come back as text (pg) or as a Date (PGlite); the portal speaks YYYY-MM-DD. */
function day(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export function toDataset(row: Omit<DatasetRow, 'search_vector'>): Dataset {
  return {
    id: row.id,
    name: row.name,
    resourceId: row.resource_id,
    resourceVersion: row.resource_version,
    title: row.title,
    description: row.description,
    tags: row.tags,
    theme: row.theme,
    licence: row.licence,
    frequency: row.frequency,
    spatial: { code: row.spatial_code, name: row.spatial_name },
    temporal: { start: day(row.temporal_start), end: day(row.temporal_end) },
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    owner: { id: row.owner_id, code: row.owner_code, name: row.owner_name, divisionCode: row.owner_division_code },
    access: row.access,
    accessCondition: row.access_condition,
    fields: parse(row.fields),
    formats: row.formats,
    status: row.status,
    rowCount: row.row_count,
    downloads: Number(row.downloads),
    apiCalls: Number(row.api_calls),
    version: row.version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    dataUpdatedAt: row.data_updated_at,
    dueAt: row.due_at,
  };
}

const toDistribution = (row: Selectable<OpendataTables['opendata_distribution']>): Distribution => ({
  id: row.id,
  datasetId: row.dataset_id,
  format: row.format,
  position: row.position,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
});

const ROW_BATCH = 1_000;

/** Datasets, their rows, distributions and update history; Kysely only. */
export function createDatasetRepository(executor: Executor) {
  const db = tablesOf<OpendataTables>(executor);
  const select = () => db.selectFrom('opendata_dataset').select(datasetColumns);

  return {
    async get(id: string): Promise<Dataset | undefined> {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row ? toDataset(row) : undefined;
    },

    /** By CKAN name or id. */
    async getByNameOrId(key: string): Promise<Dataset | undefined> {
      const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
      const row = await select()
        .where((eb) => (isUuid ? eb.or([eb('id', '=', key), eb('name', '=', key)]) : eb('name', '=', key)))
        .executeTakeFirst();
      return row ? toDataset(row) : undefined;
    },

    async getByResource(resourceId: string): Promise<Dataset | undefined> {
      const row = await select().where('resource_id', '=', resourceId).executeTakeFirst();
      return row ? toDataset(row) : undefined;
    },

    async insert(values: DatasetColumns): Promise<string> {
      const row = await db
        .insertInto('opendata_dataset')
        .values({ ...values, fields: JSON.stringify(values.fields) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Writes `values` if the dataset is still at `version`; false when someone was first. */
    async update(id: string, version: number, values: Partial<DatasetColumns>): Promise<boolean> {
      const { fields, ...rest } = values;
      const result = await db
        .updateTable('opendata_dataset')
        .set({ ...rest, ...(fields ? { fields: JSON.stringify(fields) } : {}), version: sql<number>`version + 1`, change_seq: sql<number>`nextval('opendata_change_seq')` })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async replaceRows(datasetId: string, rows: readonly Row[]): Promise<void> {
      await db.deleteFrom('opendata_row').where('dataset_id', '=', datasetId).execute();
      for (let start = 0; start < rows.length; start += ROW_BATCH) {
        const batch = rows.slice(start, start + ROW_BATCH).map((data, i) => ({ dataset_id: datasetId, position: start + i, data: JSON.stringify(data) }));
        await db.insertInto('opendata_row').values(batch).execute();
      }
    },

    async rows(datasetId: string, page: { offset: number; limit: number }): Promise<Row[]> {
      const rows = await db
        .selectFrom('opendata_row')
        .select('data')
        .where('dataset_id', '=', datasetId)
        .where('position', '>=', page.offset)
        .orderBy('position')
        .limit(page.limit)
        .execute();
      return rows.map((r) => parse(r.data));
    },

    /** Creates the distributions of `formats` that are missing, touches the others. */
    async syncDistributions(datasetId: string, formats: readonly Format[], now: Date, dataChanged: boolean): Promise<void> {
      const existing = await db.selectFrom('opendata_distribution').select(['format']).where('dataset_id', '=', datasetId).execute();
      const have = new Set(existing.map((d) => d.format));
      const missing = formats.filter((f) => !have.has(f));
      if (missing.length > 0) {
        await db
          .insertInto('opendata_distribution')
          .values(missing.map((format) => ({ dataset_id: datasetId, format, position: formats.indexOf(format), created_at: now, modified_at: now })))
          .execute();
      }
      const gone = [...have].filter((f) => !formats.includes(f));
      if (gone.length > 0) {
        await db.deleteFrom('opendata_distribution').where('dataset_id', '=', datasetId).where('format', 'in', gone).execute();
      }
      if (dataChanged) {
        await db.updateTable('opendata_distribution').set({ modified_at: now }).where('dataset_id', '=', datasetId).execute();
      }
    },

    async distributionsOf(datasetIds: readonly string[]): Promise<Map<string, Distribution[]>> {
      const byDataset = new Map<string, Distribution[]>(datasetIds.map((id) => [id, []]));
      if (datasetIds.length === 0) {
        return byDataset;
      }
      const rows = await db.selectFrom('opendata_distribution').selectAll().where('dataset_id', 'in', datasetIds).orderBy('position').execute();
      for (const row of rows) {
        byDataset.get(row.dataset_id)?.push(toDistribution(row));
      }
      return byDataset;
    },

    async distribution(id: string): Promise<Distribution | undefined> {
      const row = await db.selectFrom('opendata_distribution').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDistribution(row) : undefined;
    },

    async addUpdate(entry: { datasetId: string; kind: UpdateKind; at: Date; actor: string; note: string | null; rowCount: number | null; changed: string[] }): Promise<void> {
      await db
        .insertInto('opendata_update')
        .values({ dataset_id: entry.datasetId, kind: entry.kind, at: entry.at, actor: entry.actor, note: entry.note, row_count: entry.rowCount, changed: entry.changed })
        .execute();
    },

    async updates(datasetId: string, page: { offset: number; limit: number }): Promise<{ items: UpdateRecord[]; total: number }> {
      const [rows, count] = await Promise.all([
        db.selectFrom('opendata_update').selectAll().where('dataset_id', '=', datasetId).orderBy('at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
        db.selectFrom('opendata_update').select((eb) => eb.fn.countAll<number>().as('n')).where('dataset_id', '=', datasetId).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({ id: Number(r.id), kind: r.kind, at: r.at, actor: r.actor, note: r.note, rowCount: r.row_count, changed: r.changed })),
        total: Number(count.n),
      };
    },

    /** Published datasets past their due time, most overdue first; optionally of some owners or a region. */
    async overdue(now: Date, scope: { ownerId?: string; regionPrefix?: string }, limit: number): Promise<Dataset[]> {
      let q = select().where('status', '=', 'published').where('due_at', '<', now);
      if (scope.ownerId !== undefined) {
        q = q.where('owner_id', '=', scope.ownerId);
      }
      if (scope.regionPrefix !== undefined) {
        q = q.where('owner_division_code', 'like', `${scope.regionPrefix}%`);
      }
      const rows = await q.orderBy('due_at').orderBy('name').limit(limit).execute();
      return rows.map(toDataset);
    },

    /** Datasets of an owner (every status), newest change first. */
    async ofOwner(scope: { ownerId?: string; regionPrefix?: string }, page: { offset: number; limit: number }): Promise<{ items: Dataset[]; total: number }> {
      let q = select();
      let c = db.selectFrom('opendata_dataset').select((eb) => eb.fn.countAll<number>().as('n'));
      if (scope.ownerId !== undefined) {
        q = q.where('owner_id', '=', scope.ownerId);
        c = c.where('owner_id', '=', scope.ownerId);
      }
      if (scope.regionPrefix !== undefined) {
        q = q.where('owner_division_code', 'like', `${scope.regionPrefix}%`);
        c = c.where('owner_division_code', 'like', `${scope.regionPrefix}%`);
      }
      const [rows, count] = await Promise.all([q.orderBy('modified_at', 'desc').orderBy('name').offset(page.offset).limit(page.limit).execute(), c.executeTakeFirstOrThrow()]);
      return { items: rows.map(toDataset), total: Number(count.n) };
    },

    /** The ids of every dataset in a scope, any status (for use figures). */
    async idsOf(scope: { ownerId?: string; regionPrefix?: string }): Promise<string[]> {
      const rows = await db
        .selectFrom('opendata_dataset')
        .select('id')
        .$if(scope.ownerId !== undefined, (q) => q.where('owner_id', '=', scope.ownerId!))
        .$if(scope.regionPrefix !== undefined, (q) => q.where('owner_division_code', 'like', `${scope.regionPrefix}%`))
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type DatasetRepository = ReturnType<typeof createDatasetRepository>;

import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import type { DeviceStatus, IotTables, TelemetryField, Values } from '../iot.tables.js';

export type TypeRow = Selectable<IotTables['iot_device_type']>;
export type TypeInput = { code: string; name: string; category: TypeRow['category']; description?: string; fields: TelemetryField[]; retentionDays?: number };

type DeviceTable = IotTables['iot_device'];
export type DeviceRow = Omit<Selectable<DeviceTable>, 'credential_hash'>;
export type DeviceInsert = Omit<Insertable<DeviceTable>, 'id' | 'created_at' | 'updated_at'>;
export type DeviceChange = Omit<Updateable<DeviceTable>, 'id' | 'code' | 'created_at' | 'credential_prefix' | 'credential_hash'>;

export interface StateRow {
  device_id: number;
  last_ts: Date | null;
  data: Values;
  last_seen_at: Date | null;
  silent_since: Date | null;
}

export interface DeviceFilter {
  /** LIKE prefix of the division: the caller's region. */
  regionPrefix: string;
  /** Substring of code, name or address, case-insensitive. */
  q?: string | undefined;
  typeCode?: string | undefined;
  status?: DeviceStatus | undefined;
  ownerId?: string | undefined;
  divisionCode?: string | undefined;
  /** `silent`: stopped reporting; `never`: has not reported yet; `reporting`: neither. */
  connectivity?: 'reporting' | 'silent' | 'never' | undefined;
  limit: number;
  offset: number;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const deviceColumns = [
  'd.id', 'd.code', 'd.type_code', 'd.name', 'd.vendor', 'd.model', 'd.owner_id', 'd.owner_code', 'd.owner_name', 'd.division_code',
  'd.lon', 'd.lat', 'd.address', 'd.grid_code', 'd.status', 'd.credential_prefix', 'd.created_by', 'd.created_at', 'd.updated_at',
] as const;

/** Device types, devices and their latest state; plain rows out. */
export function createDeviceRepository(executor: Executor) {
  const db = tablesOf<IotTables>(executor);
  const devices = () =>
    db
      .selectFrom('iot_device as d')
      .select(deviceColumns)
      .select(sql<string | null>`to_char(d.installed_on, 'YYYY-MM-DD')`.as('installed_on'));

  return {
    listTypes: (): Promise<TypeRow[]> => db.selectFrom('iot_device_type').selectAll().orderBy('code').execute(),
    getType: (code: string): Promise<TypeRow | undefined> => db.selectFrom('iot_device_type').selectAll().where('code', '=', code).executeTakeFirst(),
    async insertType(input: TypeInput): Promise<boolean> {
      const inserted = await db
        .insertInto('iot_device_type')
        .values({
          code: input.code,
          name: input.name,
          category: input.category,
          description: input.description ?? '',
          fields: JSON.stringify(input.fields),
          ...(input.retentionDays ? { retention_days: input.retentionDays } : {}),
        })
        .onConflict((c) => c.column('code').doNothing())
        .returning('code')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async updateType(code: string, change: Partial<Omit<TypeInput, 'code'>>): Promise<void> {
      await db
        .updateTable('iot_device_type')
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.category !== undefined ? { category: change.category } : {}),
          ...(change.description !== undefined ? { description: change.description } : {}),
          ...(change.fields !== undefined ? { fields: JSON.stringify(change.fields) } : {}),
          ...(change.retentionDays !== undefined ? { retention_days: change.retentionDays } : {}),
          updated_at: new Date(),
        })
        .where('code', '=', code)
        .execute();
    },

    /** Inserts devices with their (empty) state rows; returns the codes that already existed instead. */
    async insertDevices(rows: DeviceInsert[]): Promise<{ inserted: Map<string, number>; existing: string[] }> {
      if (rows.length === 0) {
        return { inserted: new Map(), existing: [] };
      }
      const made = await db
        .insertInto('iot_device')
        .values(rows)
        .onConflict((c) => c.column('code').doNothing())
        .returning(['id', 'code'])
        .execute();
      if (made.length > 0) {
        await db.insertInto('iot_device_state').values(made.map((m) => ({ device_id: m.id, last_ts: null, last_seen_at: null, silent_since: null }))).execute();
      }
      const inserted = new Map(made.map((m) => [m.code, m.id]));
      return { inserted, existing: rows.map((r) => r.code).filter((code) => !inserted.has(code)) };
    },
    getByCode: (code: string): Promise<(DeviceRow & { installed_on: string | null }) | undefined> => devices().where('d.code', '=', code).executeTakeFirst(),
    getById: (id: number) => devices().where('d.id', '=', id).executeTakeFirst(),
    existingCodes: async (codes: string[]): Promise<Set<string>> =>
      codes.length === 0 ? new Set() : new Set((await db.selectFrom('iot_device').select('code').where('code', 'in', codes).execute()).map((r) => r.code)),
    async update(id: number, change: DeviceChange): Promise<void> {
      await db.updateTable('iot_device').set({ ...change, updated_at: new Date() }).where('id', '=', id).execute();
    },
    async setCredential(id: number, prefix: string, hash: string): Promise<void> {
      await db.updateTable('iot_device').set({ credential_prefix: prefix, credential_hash: hash, updated_at: new Date() }).where('id', '=', id).execute();
    },
    /** What authenticating a device needs, by its credential's prefix. */
    credentialByPrefix: (prefix: string) =>
      db.selectFrom('iot_device').select(['id', 'code', 'type_code', 'status', 'credential_hash']).where('credential_prefix', '=', prefix).executeTakeFirst(),

    async search(filter: DeviceFilter): Promise<{ items: Array<DeviceRow & { installed_on: string | null; last_seen_at: Date | null; silent_since: Date | null }>; total: number }> {
      let query = db.selectFrom('iot_device as d').innerJoin('iot_device_state as s', 's.device_id', 'd.id').where('d.division_code', 'like', `${likeEscape(filter.regionPrefix)}%`);
      if (filter.q) {
        const pattern = `%${likeEscape(filter.q)}%`;
        query = query.where((eb) => eb.or([eb('d.code', 'ilike', pattern), eb('d.name', 'ilike', pattern), eb('d.address', 'ilike', pattern)]));
      }
      if (filter.typeCode) {
        query = query.where('d.type_code', '=', filter.typeCode);
      }
      if (filter.status) {
        query = query.where('d.status', '=', filter.status);
      }
      if (filter.ownerId) {
        query = query.where('d.owner_id', '=', filter.ownerId);
      }
      if (filter.divisionCode) {
        query = query.where('d.division_code', 'like', `${likeEscape(filter.divisionCode)}%`);
      }
      if (filter.connectivity === 'silent') {
        query = query.where('s.silent_since', 'is not', null);
      } else if (filter.connectivity === 'never') {
        query = query.where('s.last_seen_at', 'is', null);
      } else if (filter.connectivity === 'reporting') {
        query = query.where('s.last_seen_at', 'is not', null).where('s.silent_since', 'is', null);
      }
      const [items, count] = await Promise.all([
        query
          .select(deviceColumns)
          .select([sql<string | null>`to_char(d.installed_on, 'YYYY-MM-DD')`.as('installed_on'), 's.last_seen_at', 's.silent_since'])
          .orderBy('d.code')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    state: (deviceId: number): Promise<StateRow | undefined> =>
      db.selectFrom('iot_device_state').select(['device_id', 'last_ts', 'data', 'last_seen_at', 'silent_since']).where('device_id', '=', deviceId).executeTakeFirst(),
    /** Every device the consumer may meet, for its directory (tens of thousands of small rows). */
    directory: () =>
      db
        .selectFrom('iot_device')
        .select(['id', 'code', 'type_code', 'name', 'status', 'owner_id', 'division_code', 'grid_code', 'lon', 'lat'])
        .execute(),
    directoryByIds: (ids: number[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('iot_device')
            .select(['id', 'code', 'type_code', 'name', 'status', 'owner_id', 'division_code', 'grid_code', 'lon', 'lat'])
            .where('id', 'in', ids)
            .execute(),
    directoryEntry: (code: string) =>
      db
        .selectFrom('iot_device')
        .select(['id', 'code', 'type_code', 'name', 'status', 'owner_id', 'division_code', 'grid_code', 'lon', 'lat'])
        .where('code', '=', code)
        .executeTakeFirst(),
  };
}

export type DeviceRepository = ReturnType<typeof createDeviceRepository>;

import { regionPrefix, type Principal } from '../../../kernel/auth/index.js';
import type { Db, Executor } from '../../../kernel/db/index.js';
import { AppError } from '../../../kernel/errors/index.js';
import type { Directory, DeviceEntry } from '../ingest/directory.js';
import { DeviceExists, DeviceInvalid, DeviceNotFound, DeviceTypeExists, DeviceTypeInvalid, DeviceTypeNotFound, OutsideRegion, OwnerNotFound } from '../iot.errors.js';
import type { Device, DeviceDetail, DeviceInput, DeviceSearch, DeviceType, DeviceTypeInput, DeviceTypeUpdate, DeviceUpdate } from '../iot.schemas.js';
import type { TelemetryField } from '../iot.tables.js';
import { createAlarmRepository } from '../rules/alarm.repository.js';
import { credentialMatches, credentialPrefix, newDeviceCredential } from './credentials.js';
import { createDeviceRepository, type DeviceChange, type DeviceInsert, type DeviceRow, type TypeRow } from './device.repository.js';

/** What the iot module needs of the org module (its OrgService fits). */
export interface OrgLookup {
  getOrganisation(principal: Principal, id: string): Promise<Owner>;
  getOrganisationByCode(code: string): Promise<Owner | undefined>;
  getDivision(code: string): Promise<object | undefined>;
}
export interface Owner {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
}

/** What the iot module needs of the grid module: the grid containing a point (its `locate` fits). */
export interface GridLocator {
  locate(point: { lon: number; lat: number }): Promise<{ gridCode: string } | undefined>;
}

export interface AuditAppender {
  append(executor: Executor, entry: { actor: string | null; action: string; target?: string | null; details?: unknown }): Promise<unknown>;
}

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function typeView(row: TypeRow): DeviceType {
  return { code: row.code, name: row.name, category: row.category, description: row.description, fields: row.fields, retentionDays: row.retention_days };
}

export function deviceView(row: DeviceRow & { installed_on: string | null }, state?: { last_seen_at: Date | null; silent_since: Date | null }): Device {
  return {
    code: row.code,
    typeCode: row.type_code,
    name: row.name,
    vendor: row.vendor,
    model: row.model,
    owner: { id: row.owner_id, code: row.owner_code, name: row.owner_name },
    divisionCode: row.division_code,
    location: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
    address: row.address,
    gridCode: row.grid_code,
    installedOn: row.installed_on,
    status: row.status,
    hasCredential: row.credential_prefix !== null,
    lastSeenAt: iso(state?.last_seen_at ?? null),
    silentSince: iso(state?.silent_since ?? null),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Field definitions make sense: unique keys, min below max, no range on booleans. */
export function assertValidFields(fields: TelemetryField[]): void {
  const keys = new Set<string>();
  for (const field of fields) {
    if (keys.has(field.key)) {
      throw DeviceTypeInvalid({ field: field.key, problem: 'duplicate key' });
    }
    keys.add(field.key);
    if (field.type === 'boolean' && (field.min !== undefined || field.max !== undefined)) {
      throw DeviceTypeInvalid({ field: field.key, problem: 'a boolean field has no range' });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      throw DeviceTypeInvalid({ field: field.key, problem: 'min is above max' });
    }
  }
}

function withinRegion(principal: Principal, divisionCode: string): boolean {
  return divisionCode.startsWith(regionPrefix(principal));
}

/** Device types and the device register: region-scoped, audited, credentials shown once. */
export function createDevicesService(deps: { db: Db; audit: AuditAppender; org: OrgLookup; directory: Directory; grid?: GridLocator; onRetired?: (deviceId: number) => Promise<void> }) {
  const { db, audit, org, directory } = deps;
  const repo = createDeviceRepository(db);

  /** The grid given, else the one containing the device's location (when the grid module is wired). */
  async function gridOf(gridCode: string | null | undefined, lon: number | null | undefined, lat: number | null | undefined): Promise<string | null> {
    if (gridCode) {
      return gridCode;
    }
    return lon !== null && lon !== undefined && lat !== null && lat !== undefined && deps.grid ? ((await deps.grid.locate({ lon, lat }))?.gridCode ?? null) : null;
  }

  async function visible(principal: Principal, code: string) {
    const row = await repo.getByCode(code);
    if (!row || !withinRegion(principal, row.division_code)) {
      throw DeviceNotFound({ code });
    }
    return row;
  }

  async function ownerFor(principal: Principal, ownerId: string | undefined): Promise<Owner> {
    const id = ownerId ?? principal.organisationId;
    if (!id) {
      throw OwnerNotFound();
    }
    return org.getOrganisation(principal, id).catch((cause: unknown) => {
      if (cause instanceof AppError && cause.statusCode === 404) {
        throw OwnerNotFound({ ownerId: id });
      }
      throw cause;
    });
  }

  async function assertDivision(principal: Principal, divisionCode: string): Promise<void> {
    if (!withinRegion(principal, divisionCode)) {
      throw OutsideRegion({ divisionCode });
    }
    if (!(await org.getDivision(divisionCode))) {
      throw DeviceInvalid({ divisionCode, problem: 'unknown division' });
    }
  }

  /** Inserts devices with fresh credentials in the caller's transaction; the credentials, once. */
  async function insertWithCredentials(trx: Executor, rows: Array<Omit<DeviceInsert, 'credential_prefix' | 'credential_hash'>>): Promise<Array<{ code: string; credential: string }>> {
    const issued = rows.map((row) => ({ row, ...newDeviceCredential() }));
    const { existing } = await createDeviceRepository(trx).insertDevices(issued.map((i) => ({ ...i.row, credential_prefix: i.prefix, credential_hash: i.hash })));
    if (existing.length > 0) {
      throw DeviceExists({ codes: existing.slice(0, 20) });
    }
    return issued.map((i) => ({ code: i.row.code, credential: i.credential }));
  }

  return {
    gridOf,
    listTypes: async (): Promise<DeviceType[]> => (await repo.listTypes()).map(typeView),
    async getType(code: string): Promise<DeviceType> {
      const row = await repo.getType(code);
      if (!row) {
        throw DeviceTypeNotFound({ code });
      }
      return typeView(row);
    },
    async createType(principal: Principal, input: DeviceTypeInput): Promise<DeviceType> {
      assertValidFields(input.fields);
      await db.transaction().execute(async (trx) => {
        if (!(await createDeviceRepository(trx).insertType(input))) {
          throw DeviceTypeExists({ code: input.code });
        }
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.type.create', target: `iot-type:${input.code}`, details: { name: input.name } });
      });
      directory.forgetTypes();
      return typeView((await repo.getType(input.code))!);
    },
    async updateType(principal: Principal, code: string, change: DeviceTypeUpdate): Promise<DeviceType> {
      if (!(await repo.getType(code))) {
        throw DeviceTypeNotFound({ code });
      }
      if (change.fields) {
        assertValidFields(change.fields);
      }
      await db.transaction().execute(async (trx) => {
        await createDeviceRepository(trx).updateType(code, change);
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.type.update', target: `iot-type:${code}`, details: change });
      });
      directory.forgetTypes();
      return typeView((await repo.getType(code))!);
    },

    async search(principal: Principal, query: DeviceSearch) {
      const { items, total } = await repo.search({ ...query, regionPrefix: regionPrefix(principal), limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: items.map((row) => deviceView(row, row)), total, page: query.page, pageSize: query.pageSize };
    },
    async get(principal: Principal, code: string): Promise<DeviceDetail> {
      const row = await visible(principal, code);
      const [type, state, openAlarms] = await Promise.all([repo.getType(row.type_code), repo.state(row.id), createAlarmRepository(db).countOpen(row.id)]);
      return {
        ...deviceView(row, state),
        type: typeView(type!),
        state: { lastTs: iso(state?.last_ts ?? null), values: state?.data ?? {} },
        openAlarms,
      };
    },
    /** Internal id of a visible device (for telemetry and rules). */
    async idOf(principal: Principal, code: string): Promise<number> {
      return (await visible(principal, code)).id;
    },

    async register(principal: Principal, input: DeviceInput): Promise<{ device: Device; credential: string }> {
      if (!(await repo.getType(input.typeCode))) {
        throw DeviceTypeNotFound({ code: input.typeCode });
      }
      const owner = await ownerFor(principal, input.ownerId);
      const divisionCode = input.divisionCode ?? owner.divisionCode;
      await assertDivision(principal, divisionCode);
      const gridCode = await gridOf(input.gridCode, input.location?.lon, input.location?.lat);
      const [issued] = await db.transaction().execute(async (trx) => {
        const credentials = await insertWithCredentials(trx, [
          {
            code: input.code,
            type_code: input.typeCode,
            name: input.name.trim(),
            vendor: input.vendor ?? '',
            model: input.model ?? '',
            owner_id: owner.id,
            owner_code: owner.code,
            owner_name: owner.name,
            division_code: divisionCode,
            lon: input.location?.lon ?? null,
            lat: input.location?.lat ?? null,
            address: input.address ?? '',
            grid_code: gridCode,
            installed_on: input.installedOn ?? null,
            status: input.status ?? 'active',
            created_by: actorOf(principal),
          },
        ]);
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.device.register', target: `iot-device:${input.code}`, details: { typeCode: input.typeCode, owner: owner.code } });
        return credentials;
      });
      directory.forgetDevice(input.code);
      return { device: deviceView((await repo.getByCode(input.code))!), credential: issued!.credential };
    },
    /** Registers many devices in one transaction: all or none. */
    async registerMany(principal: Principal, given: Array<Omit<DeviceInsert, 'credential_prefix' | 'credential_hash' | 'created_by'>>): Promise<Array<{ code: string; credential: string }>> {
      const rows: typeof given = [];
      for (const row of given) {
        rows.push({ ...row, grid_code: await gridOf(row.grid_code, row.lon, row.lat) });
      }
      const credentials = await db.transaction().execute(async (trx) => {
        const out: Array<{ code: string; credential: string }> = [];
        for (let i = 0; i < rows.length; i += 500) {
          out.push(...(await insertWithCredentials(trx, rows.slice(i, i + 500).map((row) => ({ ...row, created_by: actorOf(principal) })))));
        }
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.device.import', target: null, details: { devices: rows.length } });
        return out;
      });
      rows.forEach((row) => directory.forgetDevice(row.code));
      return credentials;
    },
    async update(principal: Principal, code: string, change: DeviceUpdate): Promise<Device> {
      const row = await visible(principal, code);
      if (change.divisionCode) {
        await assertDivision(principal, change.divisionCode);
      }
      const columns: DeviceChange = {
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.vendor !== undefined ? { vendor: change.vendor } : {}),
        ...(change.model !== undefined ? { model: change.model } : {}),
        ...(change.divisionCode !== undefined ? { division_code: change.divisionCode } : {}),
        ...(change.location !== undefined ? { lon: change.location?.lon ?? null, lat: change.location?.lat ?? null } : {}),
        ...(change.address !== undefined ? { address: change.address } : {}),
        ...(change.gridCode !== undefined ? { grid_code: change.gridCode } : {}),
        ...(change.installedOn !== undefined ? { installed_on: change.installedOn } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
      };
      await db.transaction().execute(async (trx) => {
        await createDeviceRepository(trx).update(row.id, columns);
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.device.update', target: `iot-device:${code}`, details: change });
      });
      directory.forgetDevice(code);
      if (change.status === 'retired' && row.status !== 'retired') {
        await deps.onRetired?.(row.id);
      }
      return deviceView((await repo.getByCode(code))!, await repo.state(row.id));
    },
    /** A new credential; the old one stops working at once on this node, within 30 s elsewhere. */
    async rotateCredential(principal: Principal, code: string): Promise<{ code: string; credential: string }> {
      const row = await visible(principal, code);
      const issued = newDeviceCredential();
      await db.transaction().execute(async (trx) => {
        await createDeviceRepository(trx).setCredential(row.id, issued.prefix, issued.hash);
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.device.credential', target: `iot-device:${code}` });
      });
      return { code, credential: issued.credential };
    },
    /** The device a credential belongs to, if it is valid and the device not retired. */
    async authenticate(credential: string): Promise<DeviceEntry | null> {
      const prefix = credentialPrefix(credential);
      const row = prefix ? await repo.credentialByPrefix(prefix) : undefined;
      if (!row?.credential_hash || !credentialMatches(credential, row.credential_hash) || row.status === 'retired') {
        return null;
      }
      return (await directory.device(row.code)) ?? null;
    },
    ownerByCode: (code: string) => org.getOrganisationByCode(code),
    ownerById: (principal: Principal, id: string): Promise<Owner | undefined> =>
      org.getOrganisation(principal, id).catch((cause: unknown) => {
        if (cause instanceof AppError && cause.statusCode === 404) {
          return undefined;
        }
        throw cause;
      }),
    getDivision: (code: string) => org.getDivision(code),
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;

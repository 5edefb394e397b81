import type { Db } from '../../../kernel/db/index.js';
import { createDeviceRepository } from '../devices/device.repository.js';
import type { DeviceStatus, TelemetryField } from '../iot.tables.js';
import { createRuleRepository } from '../rules/rule.repository.js';
import type { Rule } from '../rules/rule-engine.js';

/** What ingestion and rules need to know of a device. */
export interface DeviceEntry {
  id: number;
  code: string;
  typeCode: string;
  name: string;
  status: DeviceStatus;
  ownerId: string;
  divisionCode: string;
  gridCode: string | null;
  lon: number | null;
  lat: number | null;
}

export interface TypeEntry {
  code: string;
  name: string;
  fields: ReadonlyMap<string, TelemetryField>;
}

/**
 * Devices, types and enabled rules held in memory for the hot path. Every entry is at most
 * `refreshMs` (devices, types) or `rulesMs` (rules) old; the node that changes one calls
 * `forget…` so that it sees its own change at once. A device not in memory is looked up
 * once; an unknown code is remembered as unknown for `refreshMs` so that a flood of
 * messages from an unregistered device costs no query each.
 */
export interface Directory {
  device(code: string): Promise<DeviceEntry | undefined>;
  type(code: string): Promise<TypeEntry | undefined>;
  /** Enabled rules that apply to the device (its type's and its own). */
  rulesFor(device: DeviceEntry): Promise<Rule[]>;
  forgetDevice(code: string): void;
  forgetTypes(): void;
  forgetRules(): void;
}

type DirectoryRow = Awaited<ReturnType<ReturnType<typeof createDeviceRepository>['directory']>>[number];

export function deviceEntryOf(row: DirectoryRow): DeviceEntry {
  return {
    id: row.id,
    code: row.code,
    typeCode: row.type_code,
    name: row.name,
    status: row.status,
    ownerId: row.owner_id,
    divisionCode: row.division_code,
    gridCode: row.grid_code,
    lon: row.lon,
    lat: row.lat,
  };
}

/**
 * A value loaded on first use and reloaded once older than `ttlMs`: callers get the old value
 * while one reload runs, never a query each.
 */
function refreshing<T>(load: () => Promise<T>, ttlMs: number, now: () => number) {
  let value: T | undefined;
  let loadedAt = -Infinity;
  let pending: Promise<T> | null = null;
  const reload = (): Promise<T> => {
    pending ??= load()
      .then((loaded) => {
        value = loaded;
        loadedAt = now();
        return loaded;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  return {
    async get(): Promise<T> {
      if (value === undefined) {
        return reload();
      }
      if (now() - loadedAt > ttlMs) {
        reload().catch(() => undefined);
      }
      return value;
    },
    forget(): void {
      value = undefined;
    },
  };
}

export function createDirectory(db: Db, options: { refreshMs?: number; rulesMs?: number; now?: () => number } = {}): Directory {
  const refreshMs = options.refreshMs ?? 30_000;
  const rulesMs = options.rulesMs ?? 5_000;
  const now = options.now ?? Date.now;
  const devices = createDeviceRepository(db);
  const rules = createRuleRepository(db);

  // Entries looked up one by one since the last full load, and codes found unknown.
  const extra = new Map<string, DeviceEntry>();
  const unknown = new Map<string, number>();
  // Codes changed on this node: looked up again rather than served from the full load.
  const forgotten = new Set<string>();
  const allDevices = refreshing(
    async () => {
      const rows = await devices.directory();
      extra.clear();
      unknown.clear();
      forgotten.clear();
      return new Map(rows.map((row) => [row.code, deviceEntryOf(row)]));
    },
    refreshMs,
    now,
  );
  const types = refreshing(
    async () => new Map((await devices.listTypes()).map((row): [string, TypeEntry] => [row.code, { code: row.code, name: row.name, fields: new Map(row.fields.map((f) => [f.key, f])) }])),
    refreshMs,
    now,
  );
  const enabledRules = refreshing(
    async () => {
      const byType = new Map<string, Rule[]>();
      const byDevice = new Map<number, Rule[]>();
      for (const rule of await rules.listEnabled()) {
        if (rule.typeCode) {
          byType.set(rule.typeCode, [...(byType.get(rule.typeCode) ?? []), rule]);
        } else if (rule.deviceId !== null) {
          byDevice.set(rule.deviceId, [...(byDevice.get(rule.deviceId) ?? []), rule]);
        }
      }
      return { byType, byDevice };
    },
    rulesMs,
    now,
  );
  return {
    async device(code) {
      const all = await allDevices.get();
      const known = extra.get(code) ?? (forgotten.has(code) ? undefined : all.get(code));
      if (known) {
        return known;
      }
      const missedAt = unknown.get(code);
      if (missedAt !== undefined && now() - missedAt < refreshMs) {
        return undefined;
      }
      const row = await devices.directoryEntry(code);
      if (!row) {
        unknown.set(code, now());
        return undefined;
      }
      const entry = deviceEntryOf(row);
      extra.set(code, entry);
      forgotten.delete(code);
      return entry;
    },
    type: async (code) => (await types.get()).get(code),
    async rulesFor(device) {
      const { byType, byDevice } = await enabledRules.get();
      return [...(byType.get(device.typeCode) ?? []), ...(byDevice.get(device.id) ?? [])];
    },
    forgetDevice(code) {
      extra.delete(code);
      unknown.delete(code);
      forgotten.add(code);
    },
    forgetTypes: () => types.forget(),
    forgetRules: () => enabledRules.forget(),
  };
}

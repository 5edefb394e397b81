import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db/index.js';
import { newDeviceCredential } from './devices/credentials.js';
import { createDeviceRepository, type DeviceInsert, type TypeInput } from './devices/device.repository.js';
import type { DevicesService } from './devices/devices.service.js';
import type { Directory } from './ingest/directory.js';
import { createRuleRepository, type RuleInput } from './rules/rule.repository.js';
import type { SimulatedDevice, SimulationProfile } from './simulate/simulator.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/iot-ezhou.json');
const ACTOR = 'system:demo';

interface Place {
  name: string;
  lon: number;
  lat: number;
  division: string;
}
interface DemoFile {
  types: Array<TypeInput & { simulate: { intervalSeconds: number } & Record<string, unknown> }>;
  groups: Array<{
    type: string;
    owner: string;
    vendor: string;
    model: string;
    devices?: Array<Place & { code: string; address: string }>;
    codePrefix?: string;
    namePrefix?: string;
    count?: number;
    sites?: Array<Place & { radius: number }>;
  }>;
  rules: Array<Omit<Partial<RuleInput>, 'typeCode'> & { name: string; type: string; kind: RuleInput['kind'] }>;
}

/** A demo device as the simulator needs it. */
export interface DemoDevice {
  code: string;
  typeCode: string;
  name: string;
  ownerCode: string;
  vendor: string;
  model: string;
  lon: number;
  lat: number;
  division: string;
  address: string;
}

export interface IotDemoReport {
  types: number;
  devices: number;
  devicesCreated: number;
  rules: number;
}

export function readDemoIot(): DemoFile {
  return JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoFile;
}

/** A small deterministic generator, so every load places the demo devices alike. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The demo devices: the named stations, and the generated ones spread round their sites. */
export function demoDevices(file: DemoFile = readDemoIot()): DemoDevice[] {
  const out: DemoDevice[] = [];
  const next = random(420700);
  for (const group of file.groups) {
    const base = { typeCode: group.type, ownerCode: group.owner, vendor: group.vendor, model: group.model };
    for (const device of group.devices ?? []) {
      out.push({ ...base, code: device.code, name: device.name, lon: device.lon, lat: device.lat, division: device.division, address: device.address });
    }
    const sites = group.sites ?? [];
    for (let i = 0; i < (group.count ?? 0) && sites.length > 0; i += 1) {
      const site = sites[i % sites.length]!;
      const number = String(i + 1).padStart(4, '0');
      const angle = next() * 2 * Math.PI;
      const distance = Math.sqrt(next()) * site.radius;
      out.push({
        ...base,
        code: `${group.codePrefix ?? 'EZ-'}${number}`,
        name: `${site.name}${group.namePrefix ?? ''} ${number}`,
        lon: Number((site.lon + distance * Math.cos(angle)).toFixed(6)),
        lat: Number((site.lat + distance * Math.sin(angle)).toFixed(6)),
        division: site.division,
        address: site.name,
      });
    }
  }
  return out;
}

/**
 * Loads the demo's device types, devices and rules; what exists already is left alone.
 * Demo devices get credentials nobody knows (re-issue one to publish over HTTP).
 */
export async function seedDemoIot(deps: { db: Db; devices: DevicesService; directory: Directory }): Promise<IotDemoReport> {
  const file = readDemoIot();
  const repo = createDeviceRepository(deps.db);
  for (const type of file.types) {
    await repo.insertType({ code: type.code, name: type.name, category: type.category, description: type.description ?? '', fields: type.fields, retentionDays: type.retentionDays ?? 180 });
  }
  deps.directory.forgetTypes();

  const devices = demoDevices(file);
  const existing = await repo.existingCodes(devices.map((d) => d.code));
  const owners = new Map<string, Awaited<ReturnType<DevicesService['ownerByCode']>>>();
  const rows: DeviceInsert[] = [];
  for (const device of devices.filter((d) => !existing.has(d.code))) {
    if (!owners.has(device.ownerCode)) {
      owners.set(device.ownerCode, await deps.devices.ownerByCode(device.ownerCode));
    }
    const owner = owners.get(device.ownerCode);
    if (!owner) {
      throw new Error(`demo device owner ${device.ownerCode} is not an organisation of the demo city`);
    }
    const credential = newDeviceCredential();
    rows.push({
      code: device.code,
      type_code: device.typeCode,
      name: device.name,
      vendor: device.vendor,
      model: device.model,
      owner_id: owner.id,
      owner_code: owner.code,
      owner_name: owner.name,
      division_code: device.division,
      lon: device.lon,
      lat: device.lat,
      address: device.address,
      grid_code: await deps.devices.gridOf(null, device.lon, device.lat),
      installed_on: '2025-06-01',
      status: 'active',
      credential_prefix: credential.prefix,
      credential_hash: credential.hash,
      created_by: ACTOR,
    });
  }
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await createDeviceRepository(trx).insertDevices(rows.slice(i, i + 500));
    }
  });

  const rules = createRuleRepository(deps.db);
  let ruleCount = 0;
  for (const rule of file.rules) {
    const present = await rules.list({ typeCode: rule.type });
    ruleCount += 1;
    if (present.some((r) => r.name === rule.name)) {
      continue;
    }
    await rules.insert(
      {
        name: rule.name,
        kind: rule.kind,
        typeCode: rule.type,
        deviceId: null,
        field: rule.field ?? null,
        operator: rule.operator ?? null,
        threshold: rule.threshold ?? null,
        clearThreshold: rule.clearThreshold ?? null,
        ratePerMinute: rule.ratePerMinute ?? null,
        silenceMinutes: rule.silenceMinutes ?? null,
        raiseAfter: rule.raiseAfter ?? 1,
        clearAfter: rule.clearAfter ?? 1,
        severity: rule.severity ?? 'major',
        enabled: true,
        description: rule.description ?? '',
      },
      ACTOR,
    );
  }
  deps.directory.forgetRules();
  return { types: file.types.length, devices: devices.length, devicesCreated: rows.length, rules: ruleCount };
}

/** The demo types' reading profiles, for the simulator. */
export function simulationProfiles(file: DemoFile = readDemoIot()): Map<string, SimulationProfile> {
  return new Map(
    file.types.map((type) => {
      const { intervalSeconds, ...ranges } = type.simulate;
      return [type.code, { fields: type.fields, ranges: ranges as Record<string, [number, number]>, intervalSeconds }];
    }),
  );
}

/**
 * `count` devices to simulate: the demo's, then as many more as needed (`SIM-00001`…),
 * spread over the same places and types, registered here if missing. The demo city must be
 * loaded (its departments own them).
 */
export async function ensureSimulatedDevices(deps: { db: Db; devices: DevicesService; directory: Directory }, count: number): Promise<SimulatedDevice[]> {
  await seedDemoIot(deps);
  const demo = demoDevices();
  const wanted = demo.slice(0, count);
  const extra: DemoDevice[] = [];
  for (let i = demo.length; i < count; i += 1) {
    const like = demo[i % demo.length]!;
    const number = String(i - demo.length + 1).padStart(5, '0');
    // A few hundred metres from the device it copies.
    const shift = ((i * 37) % 100) / 10_000;
    extra.push({ ...like, code: `SIM-${number}`, name: `模拟${like.name.replace(/\s*\d+$/, '')} ${number}`, lon: Number((like.lon + shift).toFixed(6)), lat: Number((like.lat - shift).toFixed(6)) });
  }
  const repo = createDeviceRepository(deps.db);
  const owners = new Map((await Promise.all([...new Set(extra.map((d) => d.ownerCode))].map(async (code) => [code, await deps.devices.ownerByCode(code)] as const))));
  for (let i = 0; i < extra.length; i += 1000) {
    const chunk = extra.slice(i, i + 1000);
    const existing = await repo.existingCodes(chunk.map((d) => d.code));
    const rows: DeviceInsert[] = chunk
      .filter((d) => !existing.has(d.code))
      .map((d) => {
        const owner = owners.get(d.ownerCode)!;
        const credential = newDeviceCredential();
        return {
          code: d.code,
          type_code: d.typeCode,
          name: d.name,
          vendor: d.vendor,
          model: d.model,
          owner_id: owner.id,
          owner_code: owner.code,
          owner_name: owner.name,
          division_code: d.division,
          lon: d.lon,
          lat: d.lat,
          address: d.address,
          grid_code: null,
          installed_on: null,
          status: 'active',
          credential_prefix: credential.prefix,
          credential_hash: credential.hash,
          created_by: ACTOR,
        };
      });
    await createDeviceRepository(deps.db).insertDevices(rows);
  }
  return [...wanted, ...extra].map((d) => ({ code: d.code, typeCode: d.typeCode }));
}

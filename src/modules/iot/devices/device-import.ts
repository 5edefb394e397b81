import { regionPrefix, type Principal } from '../../../kernel/auth/index.js';
import { CsvSyntaxError, parseCsv } from '../../../kernel/csv/index.js';
import type { Db } from '../../../kernel/db/index.js';
import { CsvInvalid } from '../iot.errors.js';
import { DEVICE_CODE } from '../iot.schemas.js';
import type { DeviceStatus } from '../iot.tables.js';
import { createDeviceRepository, type DeviceInsert } from './device.repository.js';
import type { DevicesService, Owner } from './devices.service.js';

/** Columns of the device CSV, by their English or Chinese header. */
const COLUMNS: Record<string, string> = {
  code: 'code', 编码: 'code', 设备编码: 'code',
  type: 'type', 类型: 'type', 设备类型: 'type',
  name: 'name', 名称: 'name', 设备名称: 'name',
  vendor: 'vendor', 厂商: 'vendor',
  model: 'model', 型号: 'model',
  owner: 'owner', 权属单位: 'owner',
  division: 'division', 区划: 'division', 区划代码: 'division',
  lon: 'lon', 经度: 'lon',
  lat: 'lat', 纬度: 'lat',
  address: 'address', 地址: 'address',
  grid: 'grid', 网格: 'grid',
  installed_on: 'installed_on', 安装日期: 'installed_on',
  status: 'status', 状态: 'status',
};
const REQUIRED = ['code', 'type', 'name'];
const MAX_ROWS = 50_000;
const STATUSES: DeviceStatus[] = ['active', 'maintenance', 'retired'];
const DEVICE_CODE_RE = new RegExp(DEVICE_CODE);

export interface ImportProblem {
  line: number;
  column: string;
  message: string;
}

type Row = Omit<DeviceInsert, 'credential_prefix' | 'credential_hash' | 'created_by'>;

/**
 * Bulk registration from CSV (columns: code, type, name, vendor, model, owner — an
 * organisation code, default the caller's —, division, lon, lat, address, grid,
 * installed_on, status; Chinese headers work too). Every row is checked first; any problem
 * refuses the whole file with the problems listed (the first 100), so nothing is half-imported.
 */
export async function importDevicesCsv(deps: { db: Db; devices: DevicesService }, principal: Principal, text: string): Promise<{ created: number; credentials: Array<{ code: string; credential: string }> }> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw CsvInvalid({ problems: [{ line: error.line, column: '', message: error.message }] });
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) {
    throw CsvInvalid({ problems: [{ line: 1, column: '', message: 'the file is empty' }] });
  }
  const columns = header.fields.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()] ?? null);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0 || rows.length > MAX_ROWS) {
    throw CsvInvalid({ problems: [{ line: 1, column: missing.join(','), message: missing.length > 0 ? 'required columns are missing' : `more than ${MAX_ROWS} rows` }] });
  }

  const types = new Set((await deps.devices.listTypes()).map((t) => t.code));
  const owners = new Map<string, Owner | undefined>();
  const divisions = new Map<string, boolean>();
  const region = regionPrefix(principal);
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  const valid: Row[] = [];
  let defaultOwner: Owner | undefined;

  for (const record of rows) {
    const value = (column: string) => (record.fields[columns.indexOf(column)] ?? '').trim();
    const problem = (column: string, message: string) => problems.push({ line: record.line, column, message });
    const before = problems.length;
    const code = value('code');
    if (!DEVICE_CODE_RE.test(code)) {
      problem('code', 'not a valid device code');
    } else if (seen.has(code)) {
      problem('code', 'appears twice in the file');
    }
    seen.add(code);
    if (!types.has(value('type'))) {
      problem('type', 'unknown device type');
    }
    const name = value('name');
    if (name.length === 0 || name.length > 200) {
      problem('name', 'required, at most 200 characters');
    }
    let owner: Owner | undefined;
    const ownerCode = value('owner');
    if (ownerCode) {
      if (!owners.has(ownerCode)) {
        owners.set(ownerCode, await deps.devices.ownerByCode(ownerCode));
      }
      owner = owners.get(ownerCode);
    } else if (principal.organisationId) {
      defaultOwner ??= await deps.devices.ownerById(principal, principal.organisationId);
      owner = defaultOwner;
    }
    if (!owner || !owner.divisionCode.startsWith(region)) {
      problem('owner', 'unknown organisation or outside your region');
    }
    // Without a division of its own a device lies where its owner does (checked above).
    const division = value('division') || owner?.divisionCode || '';
    if (!divisions.has(division)) {
      divisions.set(division, /^[0-9]{6}([0-9]{3})?$/.test(division) && division.startsWith(region) && (await deps.devices.getDivision(division)) !== undefined);
    }
    if (value('division') && !divisions.get(division)) {
      problem('division', 'unknown division or outside your region');
    }
    const lonText = value('lon');
    const latText = value('lat');
    const lon = lonText ? Number(lonText) : null;
    const lat = latText ? Number(latText) : null;
    if ((lon === null) !== (lat === null) || (lon !== null && !(Math.abs(lon) <= 180)) || (lat !== null && !(Math.abs(lat) <= 90))) {
      problem('lon', 'lon and lat must both be given as degrees, or both left empty');
    }
    const installedOn = value('installed_on');
    if (installedOn && (!/^\d{4}-\d{2}-\d{2}$/.test(installedOn) || Number.isNaN(Date.parse(installedOn)))) {
      problem('installed_on', 'must be YYYY-MM-DD');
    }
    const status = (value('status') || 'active') as DeviceStatus;
    if (!STATUSES.includes(status)) {
      problem('status', 'must be active, maintenance or retired');
    }
    const grid = value('grid');
    if (value('vendor').length > 100 || value('model').length > 100 || value('address').length > 300 || grid.length > 64) {
      problem('', 'vendor, model (100), address (300) or grid (64) too long');
    }
    if (problems.length > before || !owner) {
      continue;
    }
    valid.push({
      code,
      type_code: value('type'),
      name,
      vendor: value('vendor'),
      model: value('model'),
      owner_id: owner.id,
      owner_code: owner.code,
      owner_name: owner.name,
      division_code: division,
      lon,
      lat,
      address: value('address'),
      grid_code: grid || null,
      installed_on: installedOn || null,
      status,
    });
  }
  const repo = createDeviceRepository(deps.db);
  const existing = new Set<string>();
  for (let i = 0; i < valid.length; i += 1000) {
    (await repo.existingCodes(valid.slice(i, i + 1000).map((r) => r.code))).forEach((code) => existing.add(code));
  }
  for (const record of existing.size > 0 ? rows : []) {
    if (existing.has((record.fields[columns.indexOf('code')] ?? '').trim())) {
      problems.push({ line: record.line, column: 'code', message: 'a device with this code exists' });
    }
  }
  if (problems.length > 0) {
    throw CsvInvalid({ problems: problems.sort((a, b) => a.line - b.line).slice(0, 100), count: problems.length });
  }
  const credentials = await deps.devices.registerMany(principal, valid);
  return { created: credentials.length, credentials };
}

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let admin: string; // platform administrator: everything, city-wide
let echeng: string; // 鄂城区 org admin: devices of 鄂城区 only, no type rules
let leader: string; // reads

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.org.seedDemo();
  await platform.iot.seedDemo();
  app = await platform.buildApp(false);
  [admin, echeng, leader] = await Promise.all([loginAs(app, 'admin'), loginAs(app, 'echeng'), loginAs(app, 'leader')]);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

type Json = Record<string, any>;
const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload === undefined ? {} : typeof payload === 'string' ? { payload } : { payload: payload as object }) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
};
const send = (credential: string, payload: unknown) => call('POST', '/iot/telemetry', undefined, payload, { authorization: `Bearer ${credential}` });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function credentialOf(code: string): Promise<string> {
  const issued = await call('POST', `/iot/devices/${code}/credential`, admin);
  expect(issued.status).toBe(201);
  return issued.body.credential as string;
}

describe('the demo devices', () => {
  it('has the demo types and a few hundred devices, each district seeing its own, and adds none on a second load', async () => {
    const types = await call('GET', '/iot/types', leader);
    expect(types.body.items.map((t: Json) => t.code).sort()).toEqual(['air-station', 'drain-level', 'manhole-cover', 'smoke-detector', 'streetlight', 'water-level']);
    const all = await call('GET', '/iot/devices?pageSize=1', admin);
    expect(all.body.total).toBeGreaterThan(300);
    const district = await call('GET', '/iot/devices?pageSize=500', echeng);
    expect(district.body.total).toBeGreaterThan(0);
    expect(district.body.total).toBeLessThan(all.body.total);
    expect(district.body.items.every((d: Json) => d.divisionCode.startsWith('420704'))).toBe(true);
    const lakes = await call('GET', '/iot/devices?typeCode=water-level&q=梁子湖', leader);
    expect(lakes.body.items.map((d: Json) => d.code)).toEqual(['EZ-WL-LZH-1', 'EZ-WL-LZH-2', 'EZ-WL-LZH-3']);
    expect(lakes.body.items[0]).toMatchObject({ owner: { code: 'ezhou-slhhpj' }, divisionCode: '420702', location: { lon: 114.561, lat: 30.254 }, hasCredential: true, lastSeenAt: null });
    expect((await platform.iot.seedDemo()).devicesCreated).toBe(0);
  });
});

describe('device registration', () => {
  it('issues a credential once, refuses duplicates, other regions and bad input', async () => {
    const body = { code: 'EC-TEST-1', typeCode: 'manhole-cover', name: '测试井盖', location: { lon: 114.89, lat: 30.39 }, installedOn: '2026-05-01' };
    const made = await call('POST', '/iot/devices', echeng, body);
    expect(made.status).toBe(201);
    expect(made.body.credential).toMatch(/^ywd_[a-z0-9]{10}_/);
    expect(made.body.device).toMatchObject({ code: 'EC-TEST-1', divisionCode: '420704', owner: { code: 'ezhou-ec-zsj' }, status: 'active' });
    expect((await call('POST', '/iot/devices', echeng, body)).body.error.code).toBe('IOT_DEVICE_EXISTS');
    expect((await call('POST', '/iot/devices', echeng, { ...body, code: 'EC-TEST-2', divisionCode: '420703' })).body.error.code).toBe('IOT_OUTSIDE_REGION');
    expect((await call('POST', '/iot/devices', echeng, { ...body, code: 'bad/code' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/iot/devices', echeng, { ...body, code: 'EC-TEST-3', typeCode: 'no-such-type' })).body.error.code).toBe('IOT_DEVICE_TYPE_NOT_FOUND');
    expect((await call('POST', '/iot/devices', leader, { ...body, code: 'EC-TEST-4' })).body.error.code).toBe('AUTH_FORBIDDEN');
    expect((await call('GET', '/iot/devices/EZ-WL-HLH-1', echeng)).body.error.code).toBe('IOT_DEVICE_NOT_FOUND');
  });

  it('imports a CSV whole, or refuses it whole with every problem by line', async () => {
    const good = ['设备编码,设备类型,设备名称,权属单位,区划,经度,纬度,安装日期', 'CSV-1,streetlight,路灯 A,ezhou-cgzfw,420704,114.88,30.37,2026-01-02', 'CSV-2,streetlight,"路灯 B, 南",ezhou-cgzfw,420704,,,'].join('\n');
    const imported = await call('POST', '/iot/devices/import', admin, good, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(201);
    expect(imported.body.created).toBe(2);
    expect(imported.body.credentials.map((c: Json) => c.code)).toEqual(['CSV-1', 'CSV-2']);
    expect((await call('GET', '/iot/devices/CSV-2', admin)).body).toMatchObject({ name: '路灯 B, 南', location: null });

    const bad = ['code,type,name,owner,lon,lat', 'CSV-3,streetlight,路灯 C,ezhou-cgzfw,114.8,30.3', 'CSV-1,streetlight,重复,ezhou-cgzfw,,', 'CSV-4,no-type,路灯 D,ezhou-cgzfw,114.8,', 'CSV-5,streetlight,路灯 E,nobody,,'].join('\n');
    const refused = await call('POST', '/iot/devices/import', admin, bad, { 'content-type': 'text/csv' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('IOT_CSV_INVALID');
    expect(refused.body.error.details.problems.map((p: Json) => [p.line, p.column])).toEqual([
      [3, 'code'],
      [4, 'type'],
      [4, 'lon'],
      [5, 'owner'],
    ]);
    expect((await call('GET', '/iot/devices/CSV-3', admin)).status).toBe(404);
  });
});

describe('telemetry over HTTP', () => {
  it('stores a reading once, rejects bad ones into the reject log, and shows the latest state', async () => {
    const credential = await credentialOf('EZ-AQ-02');
    const ts = minutesAgo(1);
    expect(await send(credential, { ts, values: { pm25: 41.5, aqi: 58 } })).toEqual({ status: 201, body: { status: 'stored' } });
    expect(await send(credential, { ts, values: { pm25: 41.5, aqi: 58 } })).toEqual({ status: 200, body: { status: 'duplicate' } });
    const refused = await send(credential, { ts: minutesAgo(0.5), values: { pm25: 41.5, aqi: 900 } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'IOT_TELEMETRY_REJECTED', details: { reason: 'out-of-range' } });
    expect((await call('POST', '/iot/telemetry', undefined, '{"ts":', { authorization: `Bearer ${credential}`, 'content-type': 'application/json' })).body.error.code).toBe('INVALID_JSON');
    expect((await send('ywd_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', { ts, values: { pm25: 1 } })).body.error.code).toBe('IOT_DEVICE_CREDENTIAL_INVALID');
    expect((await call('POST', '/iot/telemetry', undefined, { ts, values: { pm25: 1 } })).status).toBe(401);

    const detail = await call('GET', '/iot/devices/EZ-AQ-02', leader);
    expect(detail.body).toMatchObject({ state: { lastTs: ts, values: { pm25: 41.5, aqi: 58 } }, type: { code: 'air-station' }, openAlarms: 0 });
    expect(detail.body.lastSeenAt).not.toBeNull();
    const rejects = await call('GET', '/iot/rejects?deviceCode=EZ-AQ-02', admin);
    expect(rejects.body.items).toMatchObject([{ reason: 'out-of-range', source: 'http', deviceCode: 'EZ-AQ-02' }]);
    expect(rejects.body.items[0].detail).toContain('aqi');

    const rotated = await credentialOf('EZ-AQ-02');
    expect((await send(credential, { ts: minutesAgo(0.2), values: { pm25: 40 } })).status).toBe(401);
    expect((await send(rotated, { ts: minutesAgo(0.2), values: { pm25: 40 } })).status).toBe(201);
  });

  it('answers history downsampled into round buckets, or raw', async () => {
    const credential = await credentialOf('EZ-WL-YEH-1');
    for (let i = 60; i > 0; i -= 1) {
      expect((await send(credential, { ts: minutesAgo(i), values: { level: 18 + (i % 2) * 0.2 } })).status).toBe(201);
    }
    const history = await call('GET', `/iot/devices/EZ-WL-YEH-1/telemetry?from=${encodeURIComponent(minutesAgo(61))}&to=${encodeURIComponent(minutesAgo(0))}&points=10&fields=level`, leader);
    expect(history.status).toBe(200);
    expect(history.body.bucketSeconds).toBe(600);
    expect(history.body.points.length).toBeLessThanOrEqual(8);
    expect(history.body.points.reduce((n: number, p: Json) => n + p.count, 0)).toBe(60);
    const full = history.body.points.filter((p: Json) => p.count === 10);
    expect(full.length).toBeGreaterThan(0);
    expect(full[0].values.level).toBeCloseTo(18.1, 5);
    expect(full[0].min.level).toBe(18);
    expect(full[0].max.level).toBeCloseTo(18.2, 5);
    const raw = await call('GET', '/iot/devices/EZ-WL-YEH-1/telemetry?raw=true&points=10', leader);
    expect(raw.body.points).toHaveLength(10);
    expect(raw.body.bucketSeconds).toBe(0);
    expect((await call('GET', '/iot/devices/EZ-WL-YEH-1/telemetry?fields=depth', leader)).body.error.code).toBe('IOT_TELEMETRY_RANGE_INVALID');
  });
});

describe('rules and alarms', () => {
  it('checks who may write which rule and that its condition is complete', async () => {
    const typeRule = { kind: 'threshold', typeCode: 'manhole-cover', name: '井盖倾斜 2', field: 'tilt', operator: '>', threshold: 20 };
    expect((await call('POST', '/iot/rules', echeng, typeRule)).body.error.code).toBe('AUTH_FORBIDDEN');
    expect((await call('POST', '/iot/rules', echeng, { ...typeRule, typeCode: undefined, deviceCode: 'EZ-WL-HLH-1' })).body.error.code).toBe('IOT_DEVICE_NOT_FOUND');
    const own = { ...typeRule, typeCode: undefined, deviceCode: 'EC-TEST-1' };
    expect((await call('POST', '/iot/rules', echeng, { ...own, threshold: undefined })).body.error.code).toBe('IOT_RULE_INVALID');
    expect((await call('POST', '/iot/rules', echeng, { ...own, clearThreshold: 25 })).body.error.code).toBe('IOT_RULE_INVALID');
    expect((await call('POST', '/iot/rules', echeng, { ...own, field: 'depth' })).body.error.code).toBe('IOT_RULE_INVALID');
    const made = await call('POST', '/iot/rules', echeng, own);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ deviceCode: 'EC-TEST-1', typeCode: null, raiseAfter: 1, severity: 'major' });
    expect((await call('GET', '/iot/rules?deviceCode=EC-TEST-1', echeng)).body.items).toHaveLength(1);
    expect((await call('DELETE', `/iot/rules/${made.body.id}`, echeng)).status).toBe(204);
  });

  it('raises an alarm from the demo rule at 梁子湖 and clears it when the rule changes', async () => {
    const credential = await credentialOf('EZ-WL-LZH-1');
    // Ten minutes apart: a slow rise, which the demo's rate rule leaves alone.
    for (const [i, level] of [21.6, 21.7, 21.8].entries()) {
      expect((await send(credential, { ts: minutesAgo(30 - 10 * i), values: { level } })).status).toBe(201);
    }
    const open = await call('GET', '/iot/alarms?status=active&typeCode=water-level', leader);
    const alarm = open.body.items.find((a: Json) => a.device.code === 'EZ-WL-LZH-1');
    expect(alarm).toMatchObject({ ruleName: '湖泊高水位', severity: 'critical', device: { divisionCode: '420702', location: { lon: 114.561, lat: 30.254 } } });
    expect(alarm.readings.map((r: Json) => r.values.level)).toEqual([21.6, 21.7, 21.8]);
    expect((await call('GET', `/iot/alarms/${alarm.id}`, echeng)).body.error.code).toBe('IOT_ALARM_NOT_FOUND');
    expect((await call('GET', '/iot/devices/EZ-WL-LZH-1', leader)).body.openAlarms).toBe(1);

    const rule = (await call('GET', '/iot/rules?typeCode=water-level', admin)).body.items.find((r: Json) => r.name === '湖泊高水位');
    expect((await call('PATCH', `/iot/rules/${rule.id}`, admin, { threshold: 22, clearThreshold: 21.8 })).status).toBe(200);
    expect((await call('GET', `/iot/alarms/${alarm.id}`, leader)).body).toMatchObject({ status: 'cleared', clearReason: 'rule-changed' });
  });

  it('clears the alarms of a device that is retired, and refuses its readings from then on', async () => {
    const credential = await credentialOf('EZ-WL-SSH-2');
    for (const [i, level] of [22.6, 22.7, 22.8].entries()) {
      expect((await send(credential, { ts: minutesAgo(30 - 10 * i), values: { level } })).status).toBe(201);
    }
    const [alarm] = (await call('GET', '/iot/alarms?status=active&deviceCode=EZ-WL-SSH-2', admin)).body.items;
    expect(alarm).toMatchObject({ status: 'active' });
    expect((await call('PATCH', '/iot/devices/EZ-WL-SSH-2', echeng, { status: 'retired' })).body.status).toBe('retired');
    expect((await call('GET', `/iot/alarms/${alarm.id}`, admin)).body).toMatchObject({ status: 'cleared', clearReason: 'device-retired' });
    expect((await send(credential, { ts: minutesAgo(1), values: { level: 18 } })).status).toBe(401);
  });
});

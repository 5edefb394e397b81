import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createIotHarness, eventually, registerDevices, silentLogger, type IotHarness } from '../iot.testkit.js';
import { clientIdPrefixOf } from './ingestion.js';
import { createMqttConsumer } from './mqtt-consumer.js';
import type { IngestPipeline } from './pipeline.js';

// Against the embedded broker, or against the broker at MQTT_URL (e.g. Mosquitto in CI).
let h: IotHarness;
let clock = Date.now() - 3_600_000;
const nextTs = () => (clock += 1000);

beforeAll(async () => {
  h = await createIotHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const stored = (prefix: string) => h.count(`select count(*) as n from iot_telemetry t join iot_device d on d.id = t.device_id where d.code like '${prefix}-%'`);

/** A pipeline that counts what passes through it, optionally holding every answer until `release`. */
function wrap(pipeline: IngestPipeline, options: { hold?: boolean } = {}) {
  let release!: () => void;
  const gate = options.hold ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const seen = { count: 0 };
  const wrapped: IngestPipeline = {
    async submit(message) {
      seen.count += 1;
      const outcome = await pipeline.submit(message);
      await gate;
      return outcome;
    },
    get pending() {
      return pipeline.pending;
    },
    stats: () => pipeline.stats(),
    drain: () => pipeline.drain(),
  };
  return { pipeline: wrapped, seen, release: () => release?.() };
}

function consumer(pipeline: IngestPipeline, nodeId = h.settings.nodeId) {
  return createMqttConsumer({ url: h.url, pipeline, topicPrefix: h.settings.topicPrefix, shareGroup: h.settings.shareGroup, clientIdPrefix: clientIdPrefixOf(nodeId), connections: 2, logger: silentLogger });
}

describe('MQTT ingestion', () => {
  it('stores QoS 1 messages once each across a consumer restart', async () => {
    const codes = await registerDevices(h.iot, 'RST', 5);
    const first = await h.iot.startIngestion(silentLogger);
    await first.ready;
    for (let i = 0; i < 50; i += 1) {
      await h.publish(codes[i % 5]!, { ts: nextTs(), values: { level: 18 + i / 100 } });
    }
    await eventually(async () => (await stored('RST')) === 50, '50 stored');
    await first.stop();
    // Published while no consumer runs: the broker keeps them in the persistent sessions.
    for (let i = 0; i < 50; i += 1) {
      await h.publish(codes[i % 5]!, { ts: nextTs(), values: { level: 19 } });
    }
    const second = await h.iot.startIngestion(silentLogger);
    await second.ready;
    await eventually(async () => (await stored('RST')) === 100, '100 stored');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stored('RST')).toBe(100);
    await second.stop({ forgetSession: true });
  }, 30_000);

  it('acknowledges only committed messages: what a crashed consumer held is delivered again and stored once', async () => {
    const codes = await registerDevices(h.iot, 'CRS', 3);
    const before = h.iot.pipeline.stats().duplicates;
    // Stores every message but never acknowledges one, then dies.
    const held = wrap(h.iot.pipeline, { hold: true });
    const crashing = consumer(held.pipeline);
    await crashing.start();
    for (let i = 0; i < 30; i += 1) {
      await h.publish(codes[i % 3]!, { ts: nextTs(), values: { level: 18.5 } });
    }
    await eventually(async () => (await stored('CRS')) === 30, '30 stored');
    await crashing.abort();
    held.release();
    const restarted = consumer(h.iot.pipeline);
    await restarted.start();
    await eventually(async () => h.iot.pipeline.stats().duplicates - before === 30, 'all 30 delivered again');
    expect(await stored('CRS')).toBe(30);
    await restarted.stop({ forgetSession: true });
  }, 30_000);

  it('rejects invalid payloads with their reasons, keeps them in the reject log and goes on', async () => {
    const [code] = await registerDevices(h.iot, 'BAD', 1);
    const ingestion = await h.iot.startIngestion(silentLogger);
    await ingestion.ready;
    const before = h.iot.pipeline.stats();
    await h.publish(code!, '{"ts": 1, "values":');
    await h.publish('NOT-REGISTERED', { ts: nextTs(), values: { level: 18 } });
    await h.publish(code!, { ts: nextTs(), values: { level: 18 } }, 'air-station');
    await h.publish(code!, { ts: nextTs(), values: { level: 99 } });
    await h.publish(code!, { ts: nextTs(), values: { depth: 1 } });
    await h.publish(code!, { ts: Date.now() - 30 * 86_400_000, values: { level: 18 } });
    await h.publish(code!, { ts: '2026-07-12 08:00', values: { level: 18 } });
    await h.publish(code!, { ts: nextTs(), values: { level: 18.2 } });
    await eventually(async () => (await stored('BAD')) === 1 && h.iot.pipeline.stats().rejected - before.rejected === 7, 'one stored, seven rejected');
    const rows = await sql<{ reason: string; device_code: string | null; detail: string }>`
      select reason, device_code, detail from iot_reject where device_code in (${code!}, 'NOT-REGISTERED') order by reason`.execute(h.database.db);
    expect(rows.rows.map((r) => r.reason)).toEqual(['bad-timestamp', 'malformed-json', 'out-of-range', 'stale-timestamp', 'type-mismatch', 'unknown-device', 'unknown-field']);
    expect(rows.rows.find((r) => r.reason === 'out-of-range')?.detail).toContain('level: 99 is above 40');
    expect(h.iot.pipeline.stats().rejectedByReason['unknown-device']! - (before.rejectedByReason['unknown-device'] ?? 0)).toBe(1);
    await ingestion.stop({ forgetSession: true });
  }, 30_000);

  it('splits the stream between two consumers of one share group, without loss or duplication', async () => {
    const codes = await registerDevices(h.iot, 'SPL', 10);
    const before = h.iot.pipeline.stats().duplicates;
    const a = wrap(h.iot.pipeline);
    const b = wrap(h.iot.pipeline);
    const nodeA = consumer(a.pipeline, `${h.settings.nodeId}-a`);
    const nodeB = consumer(b.pipeline, `${h.settings.nodeId}-b`);
    await Promise.all([nodeA.start(), nodeB.start()]);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => h.publish(codes[i % 10]!, { ts: clock + 1000 * (Math.floor(i / 10) + 1), values: { level: 18 } })),
    );
    clock += 200_000;
    await eventually(async () => (await stored('SPL')) === 200, '200 stored');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.seen.count + b.seen.count).toBe(200);
    expect(a.seen.count).toBeGreaterThan(0);
    expect(b.seen.count).toBeGreaterThan(0);
    expect(h.iot.pipeline.stats().duplicates).toBe(before);
    await Promise.all([nodeA.stop({ forgetSession: true }), nodeB.stop({ forgetSession: true })]);
  }, 30_000);
});

describe('rules over ingested telemetry', () => {
  async function outbox(type: string) {
    const rows = await sql<{ payload: Record<string, any> }>`select payload from kernel_outbox where type = ${type} order by id`.execute(h.database.db);
    return rows.rows.map((r) => r.payload);
  }

  it('raise one alarm for a breach held three readings, despite flapping, and clear it with hysteresis', async () => {
    const [code] = await registerDevices(h.iot, 'HYS', 1);
    await h.iot.rules.create(ADMIN, { kind: 'threshold', deviceCode: code!, name: '湖泊高水位', field: 'level', operator: '>', threshold: 21.5, clearThreshold: 21.2, raiseAfter: 3, clearAfter: 3, severity: 'critical' });
    const ingestion = await h.iot.startIngestion(silentLogger);
    await ingestion.ready;
    const alarms = (status: string) => h.count(`select count(*) as n from iot_alarm where device_code = '${code}' and status = '${status}'`);
    const levels = [21.6, 21.4, 21.6, 21.7, 21.8, 21.4, 21.6, 21.9, 21.1, 21.3, 21.0, 20.9, 20.8];
    // One at a time: a shared subscription keeps no order across consumers, and only a
    // reading newer than the device's latest is judged.
    for (const [i, level] of levels.entries()) {
      await h.publish(code!, { ts: nextTs(), values: { level } });
      await eventually(async () => (await stored('HYS')) === i + 1, `reading ${i + 1} stored`);
      if (i === 4) {
        expect(await alarms('active')).toBe(1);
      }
    }
    expect(await alarms('active')).toBe(0);
    expect(await alarms('cleared')).toBe(1);
    const raised = (await outbox('iot.alarm.raised')).filter((p) => p.device.code === code);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'threshold', severity: 'critical', device: { divisionCode: '420702', lon: 114.56, lat: 30.25 } });
    expect(raised[0]!.readings.map((r: { values: { level: number } }) => r.values.level)).toEqual([21.6, 21.7, 21.8]);
    expect(raised[0]!.message).toContain('21.8 m');
    const cleared = (await outbox('iot.alarm.cleared')).filter((p) => p.device.code === code);
    expect(cleared).toMatchObject([{ reason: 'condition-cleared', alarmId: raised[0]!.alarmId }]);
    expect(cleared[0]!.readings.map((r: { values: { level: number } }) => r.values.level)).toEqual([21.0, 20.9, 20.8]);
    await ingestion.stop({ forgetSession: true });
  }, 30_000);

  it('raise an offline alarm for a silent device once, and clear it when it reports again', async () => {
    const [quiet, never] = await registerDevices(h.iot, 'SIL', 2);
    await h.iot.rules.create(ADMIN, { kind: 'silence', deviceCode: quiet!, name: '离线', silenceMinutes: 5, severity: 'minor' });
    await h.iot.rules.create(ADMIN, { kind: 'silence', deviceCode: never!, name: '离线', silenceMinutes: 5, severity: 'minor' });
    const ingestion = await h.iot.startIngestion(silentLogger);
    await ingestion.ready;
    await h.publish(quiet!, { ts: nextTs(), values: { level: 18 } });
    await eventually(async () => (await stored('SIL')) === 1, 'first reading stored');

    expect(await h.iot.checkSilence(new Date(Date.now() + 4 * 60_000))).toEqual({ raised: 0 });
    expect(await h.iot.checkSilence(new Date(Date.now() + 6 * 60_000))).toEqual({ raised: 1 });
    expect(await h.iot.checkSilence(new Date(Date.now() + 7 * 60_000))).toEqual({ raised: 0 });
    const listed = await h.iot.devices.search(ADMIN, { q: 'SIL', connectivity: 'silent', page: 1, pageSize: 10 });
    expect(listed.items.map((d) => d.code)).toEqual([quiet]);
    const [offline] = (await outbox('iot.alarm.raised')).filter((p) => p.device.code === quiet);
    expect(offline).toMatchObject({ kind: 'silence', severity: 'minor', readings: [{ values: { level: 18 } }] });

    await h.publish(quiet!, { ts: nextTs(), values: { level: 18.1 } });
    await eventually(async () => (await h.count(`select count(*) as n from iot_alarm where device_code = '${quiet}' and status = 'cleared'`)) === 1, 'offline alarm cleared');
    expect((await outbox('iot.alarm.cleared')).filter((p) => p.device.code === quiet)).toMatchObject([{ reason: 'reporting-again', alarmId: offline!.alarmId }]);
    expect((await h.iot.devices.get(ADMIN, quiet!)).silentSince).toBeNull();
    await ingestion.stop({ forgetSession: true });
  }, 30_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus } from '../../../kernel/bus/index.js';
import { readPlatformSecret } from '../broker/platform-secret.js';
import { createIotModule } from '../index.js';
import { ADMIN, createIotHarness, eventually, OWNER, silentLogger, type IotHarness } from '../iot.testkit.js';
import type { Ingestion } from './ingestion.js';
import { telemetryTopic } from './topic.js';

/** `yiwang start` without MQTT_URL: the embedded broker lets devices in with their own credentials only. */
describe('devices log in to the embedded broker', () => {
  let harness: IotHarness;
  let ingestion: Ingestion;
  let keysDir: string;

  beforeAll(async () => {
    harness = await createIotHarness();
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-iot-keys-'));
    const iot = createIotModule({
      db: harness.database.db,
      audit: { append: async () => undefined },
      bus: createBus({ db: harness.database.db }),
      org: { getOrganisation: async () => OWNER, getOrganisationByCode: async () => OWNER, getDivision: async (code) => ({ code }) },
      settings: harness.settings,
      keysDir,
    });
    ingestion = await iot.startIngestion(silentLogger, { mqttUrl: undefined, embeddedPort: 0, shareGroup: 'login-test' });
    await ingestion.ready;
  });

  afterAll(async () => {
    await ingestion?.stop({ forgetSession: true });
    await harness?.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

  it('stores what a device publishes under its own credential, and refuses a stale one', async () => {
    const { credential } = await harness.iot.devices.register(ADMIN, { code: 'LOGIN-1', typeCode: 'water-level', name: '洋澜湖水位站', divisionCode: '420704', location: { lon: 114.89, lat: 30.39 } });
    const device = await connectAsync(ingestion.url, { username: 'LOGIN-1', password: credential, reconnectPeriod: 0, protocolVersion: 4 });
    await device.publishAsync(telemetryTopic(harness.settings.topicPrefix, 'water-level', 'LOGIN-1'), JSON.stringify({ ts: Date.now(), values: { level: 18.2 } }), { qos: 1 });
    await device.endAsync();
    await eventually(async () => (await harness.count(`select count(*) as n from iot_telemetry t join iot_device d on d.id = t.device_id where d.code = 'LOGIN-1'`)) === 1, 'the reading is stored');

    await harness.iot.devices.rotateCredential(ADMIN, 'LOGIN-1');
    const refused = await connectAsync(ingestion.url, { username: 'LOGIN-1', password: credential, reconnectPeriod: 0, protocolVersion: 4 }).then(
      () => 'accepted',
      (error: Error & { code?: number }) => error.code,
    );
    expect(refused).toBe(4);
  });

  it('keeps the platform secret in the keys directory, for the simulator', () => {
    const secret = readPlatformSecret(keysDir);
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
  });
});

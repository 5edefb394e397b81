import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../iot.testkit.js';
import { createBrokerAuth, PLATFORM_MQTT_USER } from './broker-auth.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';

const SECRET = 'a'.repeat(48);
const DEVICES = new Map([
  ['ywd_aaaaaaaaaa_good-credential-of-the-lake-gauge', { code: 'EZ-WL-1', typeCode: 'water-level' }],
  ['ywd_bbbbbbbbbb_good-credential-of-the-smoke-sensor', { code: 'EZ-SM-1', typeCode: 'smoke' }],
]);
const LAKE_TOPIC = 'yiwang/v1/water-level/EZ-WL-1/telemetry';

describe('embedded broker login', () => {
  let broker: EmbeddedBroker;
  let platform: MqttClient;
  const received: string[] = [];
  const clients: MqttClient[] = [];

  async function login(username: string | undefined, password: string | undefined): Promise<MqttClient> {
    const client = await connectAsync(broker.url, { ...(username ? { username } : {}), ...(password ? { password } : {}), reconnectPeriod: 0, protocolVersion: 4 });
    clients.push(client);
    return client;
  }

  async function refusal(username: string | undefined, password: string | undefined): Promise<string> {
    return login(username, password).then(
      () => 'accepted',
      (error: Error & { code?: number }) => String(error.code ?? error.message),
    );
  }

  /** Publishes a marker on the platform's own connection and waits for it: everything sent before has arrived. */
  async function settle(): Promise<void> {
    const marker = `marker-${received.length}-${Date.now()}`;
    await platform.publishAsync('yiwang/v1/marker/x/telemetry', marker, { qos: 1 });
    await expect.poll(() => received.includes(marker)).toBe(true);
  }

  beforeAll(async () => {
    const auth = createBrokerAuth({ platformSecret: SECRET, topicPrefix: 'yiwang', authenticateDevice: async (credential) => DEVICES.get(credential) ?? null });
    broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, logger: silentLogger, auth });
    platform = await login(PLATFORM_MQTT_USER, SECRET);
    platform.on('message', (_topic, payload) => received.push(payload.toString()));
    await platform.subscribeAsync('$share/yiwang/yiwang/v1/+/+/telemetry', { qos: 1 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.close();
  });

  it('refuses anonymous clients, wrong passwords and a credential under another device code', async () => {
    expect(await refusal(undefined, undefined)).toBe('4');
    expect(await refusal(PLATFORM_MQTT_USER, 'b'.repeat(48))).toBe('4');
    expect(await refusal('EZ-WL-1', 'ywd_aaaaaaaaaa_wrong')).toBe('4');
    expect(await refusal('EZ-SM-1', 'ywd_aaaaaaaaaa_good-credential-of-the-lake-gauge')).toBe('4');
  });

  it('lets a device publish to its own telemetry topic', async () => {
    const gauge = await login('EZ-WL-1', 'ywd_aaaaaaaaaa_good-credential-of-the-lake-gauge');
    await gauge.publishAsync(LAKE_TOPIC, 'level 21.7', { qos: 1 });
    await settle();
    expect(received).toContain('level 21.7');
  });

  it("closes a device that publishes to another device's topic, and nothing of it is delivered", async () => {
    const smoke = await login('EZ-SM-1', 'ywd_bbbbbbbbbb_good-credential-of-the-smoke-sensor');
    const closed = new Promise<void>((resolve) => smoke.once('close', () => resolve()));
    smoke.publish(LAKE_TOPIC, 'forged level 99', { qos: 1 });
    await closed;
    await settle();
    expect(received).not.toContain('forged level 99');
  });

  it('gives devices no subscriptions, so they cannot read other devices', async () => {
    const gauge = await login('EZ-WL-1', 'ywd_aaaaaaaaaa_good-credential-of-the-lake-gauge');
    // SUBACK return code 0x80 (failure): mqtt.js rejects the subscription.
    await expect(gauge.subscribeAsync('yiwang/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
  });
});

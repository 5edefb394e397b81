import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { connect, type MqttClient } from 'mqtt';
import type { Principal } from '../../kernel/auth/index.js';
import { createBus, type Logger } from '../../kernel/bus/index.js';
import type { Database } from '../../kernel/db/index.js';
import { createTestDatabase } from '../../kernel/testing/test-database.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.js';
import { createIotModule, type IotModule, type IotSettings } from './index.js';
import { telemetryTopic } from './ingest/topic.js';

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export const OWNER = { id: randomUUID(), code: 'ezhou-slhhpj', name: '鄂州市水利和湖泊局', divisionCode: '420700' };

/** A city-wide administrator of the test city. */
export const ADMIN: Principal = {
  kind: 'user',
  id: randomUUID(),
  name: 'admin',
  organisationId: OWNER.id,
  divisionCode: '420700',
  permissions: new Set(['*']),
  roles: ['platform_admin'],
};

export interface IotHarness {
  database: Database;
  iot: IotModule;
  settings: IotSettings;
  /** The broker under test: Mosquitto (or any) when MQTT_URL is set, else an embedded one. */
  url: string;
  publisher: MqttClient;
  publish(deviceCode: string, payload: unknown, typeCode?: string): Promise<void>;
  count(sqlText: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A migrated database with the iot module wired to a no-op audit and a fake org, a broker,
 * and a publisher. Topic prefix and share group are random, so test files sharing one
 * Mosquitto never see each other's messages.
 */
export async function createIotHarness(): Promise<IotHarness> {
  const database = await createTestDatabase();
  const broker: EmbeddedBroker | null = process.env.MQTT_URL ? null : await startEmbeddedBroker({ host: '127.0.0.1', port: 0, logger: silentLogger });
  const url = process.env.MQTT_URL ?? broker!.url;
  const tag = randomBytes(4).toString('hex');
  const settings: IotSettings = {
    mqttUrl: url,
    embeddedHost: '127.0.0.1',
    embeddedPort: 0,
    shareGroup: `g${tag}`,
    topicPrefix: `t${tag}`,
    connections: 2,
    nodeId: `test-${tag}`,
    batchMax: 200,
    maxAgeDays: 7,
  };
  const iot = createIotModule({
    db: database.db,
    audit: { append: async () => undefined },
    bus: createBus({ db: database.db }),
    org: {
      getOrganisation: async () => OWNER,
      getOrganisationByCode: async (code) => (code === OWNER.code ? OWNER : undefined),
      getDivision: async (code) => (/^4207/.test(code) ? { code } : undefined),
    },
    settings,
  });
  await iot.maintainTelemetry();
  await iot.devices.createType(ADMIN, {
    code: 'water-level',
    name: '水位监测站',
    category: 'water',
    fields: [
      { key: 'level', label: '水位', unit: 'm', type: 'number', min: 0, max: 40 },
      { key: 'battery', label: '电量', unit: '%', type: 'integer', min: 0, max: 100 },
    ],
  });
  const publisher = connect(url, { clientId: `pub-${tag}`, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    publisher.once('connect', () => resolve());
    publisher.once('error', reject);
  });
  return {
    database,
    iot,
    settings,
    url,
    publisher,
    async publish(deviceCode, payload, typeCode = 'water-level') {
      await publisher.publishAsync(telemetryTopic(settings.topicPrefix, typeCode, deviceCode), typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
    },
    async count(text) {
      const result = await sql<{ n: number }>`${sql.raw(text)}`.execute(database.db);
      return Number(result.rows[0]?.n ?? 0);
    },
    async close() {
      await publisher.endAsync();
      await broker?.close();
      await database.close();
    },
  };
}

/** Registers water-level devices `<prefix>-1…n` on 梁子湖 (梁子湖区). */
export async function registerDevices(iot: IotModule, prefix: string, n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 1; i <= n; i += 1) {
    const code = `${prefix}-${i}`;
    await iot.devices.register(ADMIN, { code, typeCode: 'water-level', name: `梁子湖水位站 ${i}`, divisionCode: '420702', location: { lon: 114.56, lat: 30.25 } });
    codes.push(code);
  }
  return codes;
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

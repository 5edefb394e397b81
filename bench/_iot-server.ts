// Child process of bench/iot-ingest: one yiwang platform on PGlite (default) or on
// PostgreSQL (DATABASE_URL, in a fresh schema dropped at exit), the demo city's
// organisations and rules, `<devices>` registered devices, and telemetry ingestion on the
// broker at MQTT_URL (or the embedded one) under a topic prefix of its own. Prints
// `READY <broker url> <topic prefix> <devices file> <database kind>`, then
// `STORED <stored> <rejected> <epoch ms>` whenever those counts change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/kernel/config/index.js';
import { createTestDatabase } from '../src/kernel/testing/test-database.js';
import { createPlatform } from '../src/platform.js';

const devices = Number(process.argv[2] ?? 20_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-iot-'));
const tag = randomBytes(4).toString('hex');
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
  YIWANG_DEMO: 'true',
  YIWANG_MQTT_PORT: '0',
  YIWANG_MQTT_TOPIC_PREFIX: `bench${tag}`,
  YIWANG_MQTT_SHARE_GROUP: `bench${tag}`,
  YIWANG_NODE_ID: `bench-${tag}`,
  ...(process.env.MQTT_URL ? { MQTT_URL: process.env.MQTT_URL } : {}),
});
const database = await createTestDatabase({ migrate: false });
const platform = await createPlatform(config, { database });
await platform.org.seedDemo();
const list = await platform.iot.simulatedDevices(devices);
const devicesFile = path.join(dataDir, 'devices.json');
fs.writeFileSync(devicesFile, JSON.stringify(list));
const quiet = { info() {}, warn() {}, error: (o: object, m?: string) => process.stderr.write(`${m ?? ''} ${JSON.stringify(o)}\n`) };
const ingestion = await platform.iot.startIngestion(quiet);
await ingestion.ready;
process.stdout.write(`READY ${ingestion.url} ${config.YIWANG_MQTT_TOPIC_PREFIX} ${devicesFile} ${database.kind}\n`);

let reported = '';
const ticker = setInterval(() => {
  const stats = platform.iot.pipeline.stats();
  const line = `${stats.stored} ${stats.rejected}`;
  if (line !== reported) {
    reported = line;
    process.stdout.write(`STORED ${line} ${Date.now()}\n`);
  }
}, 10);

async function stop(): Promise<void> {
  clearInterval(ticker);
  await ingestion.stop({ forgetSession: true });
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());

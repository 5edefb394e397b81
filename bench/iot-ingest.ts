/**
 * bench/iot-ingest: telemetry from 20,000 simulated devices, published at QoS 1, taken in
 * by yiwang end to end — parse, validate against the device type, rules, batched insert
 * into the day-partitioned telemetry table and the latest state, PUBACK after commit —
 * against a bare MQTT subscriber (mqtt.js, acknowledging on arrival) on the same broker,
 * receiving the same stream in the same run. Both rates run from the first publish to the
 * last message received (bare) or committed (yiwang). Every message must be stored: a
 * loss fails the run. The database is PostgreSQL when DATABASE_URL is set, else PGlite.
 * The broker is MQTT_URL; else a Mosquitto of the bench's own (when `mosquitto` is
 * installed) with unbounded queues — at these rates Mosquitto's default of 1,000 queued
 * messages per subscriber drops messages; else yiwang's embedded Aedes, which shares an
 * event loop with the database and is far slower.
 * Goal: yiwang ≥ 0.25 × bare (and ≥ 10,000 msg/s on PostgreSQL with Mosquitto).
 *
 * `npm run bench -- iot-ingest [messages=60000] [rounds=3] [devices=20000]`
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'mqtt';

const GOAL = 0.25;
const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });

interface Server {
  child: ChildProcess;
  url: string;
  prefix: string;
  devicesFile: string;
  kind: string;
  /** The latest `STORED` report: committed messages and when. */
  stored: { count: number; rejected: number; at: number };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A Mosquitto of the bench's own, queues unbounded; null when none is installed. */
async function startMosquitto(): Promise<{ url: string; child: ChildProcess; dir: string } | null> {
  const binary = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'].find((file) => fs.existsSync(file)) ?? (spawnSync('mosquitto', ['-h']).error ? null : 'mosquitto');
  if (!binary) {
    return null;
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-mqtt-'));
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'max_queued_messages 0', 'max_inflight_messages 0', 'persistence false', ''].join('\n'));
  const child = spawn(binary, ['-c', conf], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = connect(url, { reconnectPeriod: 0, connectTimeout: 500 });
      probe.once('connect', () => probe.end(true, () => resolve(true)));
      probe.once('error', () => probe.end(true, () => resolve(false)));
    });
    if (up) {
      return { url, child, dir };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error('the bench\'s Mosquitto did not start');
}

function startServer(devices: number, mqttUrl: string | undefined): Promise<Server> {
  const env = { ...process.env };
  if (mqttUrl) {
    env.MQTT_URL = mqttUrl;
  }
  const child = tsx('_iot-server.ts', [String(devices)], env);
  return new Promise<Server>((resolve, reject) => {
    let buffer = '';
    let server: Server | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const ready = /^READY (\S+) (\S+) (\S+) (\S+)/.exec(line);
        const stored = /^STORED (\d+) (\d+) (\d+)/.exec(line);
        if (ready) {
          server = { child, url: ready[1]!, prefix: ready[2]!, devicesFile: ready[3]!, kind: ready[4]!, stored: { count: 0, rejected: 0, at: Date.now() } };
          resolve(server);
        } else if (stored && server) {
          server.stored = { count: Number(stored[1]), rejected: Number(stored[2]), at: Number(stored[3]) };
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`iot server exited with ${code}`)));
  });
}

function publish(server: Server, messages: number): Promise<void> {
  const child = tsx('_iot-publisher.ts', [server.url, server.prefix, server.devicesFile, String(messages)]);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`publisher exited with ${code}`))));
  });
}

async function until(check: () => boolean, what: () => string, ms: number): Promise<void> {
  let deadline = Date.now() + ms;
  let last = what();
  while (!check()) {
    const now = what();
    if (now !== last) {
      // Still moving: wait on.
      last = now;
      deadline = Date.now() + ms;
    }
    if (Date.now() > deadline) {
      throw new Error(`stalled for ${ms / 1000} s: ${now}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function round(server: Server, messages: number): Promise<{ bare: number; yiwang: number }> {
  const bare = connect(server.url, { clientId: `bench-bare-${process.pid}-${Date.now()}`, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    bare.once('connect', () => resolve());
    bare.once('error', reject);
  });
  let received = 0;
  let lastAt = 0;
  bare.on('message', () => {
    received += 1;
    lastAt = Date.now();
  });
  await bare.subscribeAsync(`${server.prefix}/v1/+/+/telemetry`, { qos: 1 });
  const before = { ...server.stored };
  const start = Date.now();
  try {
    await publish(server, messages);
    const status = () => `published ${messages}, the bare subscriber received ${received}, yiwang stored ${server.stored.count - before.count}`;
    // A broker that drops what its subscribers cannot take at once (Mosquitto's default
    // max_queued_messages 1000) shows as a stall here.
    await until(() => received >= messages, status, 10_000);
    await until(() => server.stored.count - before.count >= messages, status, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await bare.endAsync();
  }
  const stored = server.stored.count - before.count;
  const rejected = server.stored.rejected - before.rejected;
  if (received !== messages || stored !== messages || rejected !== 0) {
    throw new Error(`published ${messages}: the bare subscriber received ${received}, yiwang stored ${stored} and rejected ${rejected}`);
  }
  return { bare: messages / ((lastAt - start) / 1000), yiwang: messages / ((server.stored.at - start) / 1000) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const messages = Number(args[0] ?? 60_000);
  const rounds = Number(args[1] ?? 3);
  const devices = Number(args[2] ?? 20_000);
  const own = process.env.MQTT_URL ? null : await startMosquitto();
  const broker = process.env.MQTT_URL ? `${process.env.MQTT_URL.replace(/\/\/[^@/]*@/, '//***@')} (MQTT_URL)` : own ? `the bench's Mosquitto (${own.url}, queues unbounded)` : 'embedded Aedes';
  const server = await startServer(devices, process.env.MQTT_URL ?? own?.url);
  const results: Array<{ bare: number; yiwang: number }> = [];
  try {
    console.log(`iot-ingest: ${devices} devices, ${messages} messages per round, broker ${broker}, database ${server.kind}`);
    for (let i = 1; i <= rounds; i += 1) {
      const result = await round(server, messages);
      results.push(result);
      console.log(`round ${i}: bare subscriber ${result.bare.toFixed(0)} msg/s, yiwang stored ${result.yiwang.toFixed(0)} msg/s, ratio ${(result.yiwang / result.bare).toFixed(3)}`);
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    own?.child.kill('SIGTERM');
    if (own) {
      fs.rmSync(own.dir, { recursive: true, force: true });
    }
  }
  const bare = median(results.map((r) => r.bare));
  const yiwang = median(results.map((r) => r.yiwang));
  console.log(`RESULT iot-ingest value=${yiwang.toFixed(0)} unit=msg/s baseline=${bare.toFixed(0)} ratio=${(yiwang / bare).toFixed(3)} goal=${GOAL}`);
}

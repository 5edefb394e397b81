/**
 * bench/iot-ingest: telemetry from 20,000 simulated devices, published at QoS 1, taken in
 * by yiwang end to end — parse, validate against the device type, rules, batched insert
 * into the day-partitioned telemetry table and the latest state, PUBACK after commit —
 * against a bare MQTT subscriber (mqtt.js, acknowledging on arrival) on the same broker,
 * receiving the same stream in the same run. Both rates run from the first publish to the
 * last message received (bare) or committed (yiwang). The broker is MQTT_URL (e.g.
 * Mosquitto) or yiwang's embedded one; the database PostgreSQL when DATABASE_URL is set,
 * else PGlite. Every message must be stored: a loss fails the run.
 * Goal: yiwang ≥ 0.25 × bare (and ≥ 10,000 msg/s on PostgreSQL with Mosquitto).
 *
 * `npm run bench -- iot-ingest [messages=60000] [rounds=3] [devices=20000]`
 */
import { spawn, type ChildProcess } from 'node:child_process';
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

function startServer(devices: number): Promise<Server> {
  const child = tsx('_iot-server.ts', [String(devices)]);
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

async function until(check: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}`);
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
    await until(() => received >= messages, 'the bare subscriber receives every message', 300_000);
    await until(() => server.stored.count - before.count >= messages, 'yiwang stores every message', 600_000);
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
  const server = await startServer(devices);
  const results: Array<{ bare: number; yiwang: number }> = [];
  try {
    console.log(`iot-ingest: ${devices} devices, ${messages} messages per round, broker ${process.env.MQTT_URL ? server.url : 'embedded (Aedes)'}, database ${server.kind}`);
    for (let i = 1; i <= rounds; i += 1) {
      const result = await round(server, messages);
      results.push(result);
      console.log(`round ${i}: bare subscriber ${result.bare.toFixed(0)} msg/s, yiwang stored ${result.yiwang.toFixed(0)} msg/s, ratio ${(result.yiwang / result.bare).toFixed(3)}`);
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  const bare = median(results.map((r) => r.bare));
  const yiwang = median(results.map((r) => r.yiwang));
  console.log(`RESULT iot-ingest value=${yiwang.toFixed(0)} unit=msg/s baseline=${bare.toFixed(0)} ratio=${(yiwang / bare).toFixed(3)} goal=${GOAL}`);
}

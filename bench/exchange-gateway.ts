/**
 * bench/exchange-gateway: the exchange gateway's authorised, masked, metered and audited
 * person lookup against a bare Fastify route reading the same person by blind index, in
 * one run against one database (PGlite, then PostgreSQL when DATABASE_URL is set). The
 * server runs in a child process pinned to core 1 where `taskset` exists; autocannon drives
 * it from core 0, rotating over thousands of ID numbers. Rounds alternate the order; the
 * figures are medians. Every gateway reply is sent only after its exchange_call row, its
 * daily counter and its audit record have committed. Goal: gateway ≥ 0.5 × bare.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

const GOAL = 0.5;
const pin = spawnSync('taskset', ['--version']).status === 0;

interface Server {
  child: ChildProcess;
  bare: number;
  gateway: number;
  key: string;
  ids: string[];
  kind: string;
}

async function startServer(databaseUrl: string | undefined, persons: number): Promise<Server> {
  const command = [process.execPath, '--import', 'tsx', path.join(import.meta.dirname, '_exchange-server.ts'), String(persons)];
  const env = { ...process.env };
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
  } else {
    delete env.DATABASE_URL;
  }
  const options = { stdio: ['ignore', 'pipe', 'inherit'] as ['ignore', 'pipe', 'inherit'], env };
  const child = pin ? spawn('taskset', ['-c', '1', ...command], options) : spawn(command[0]!, command.slice(1), options);
  return new Promise<Server>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+) (\d+) (\S+) (\S+) (\S+)/.exec(output);
      if (match) {
        const ids = fs.readFileSync(match[4]!, 'utf8').split('\n');
        resolve({ child, bare: Number(match[1]), gateway: Number(match[2]), key: match[3]!, ids, kind: match[5]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`exchange server exited with ${code}`)));
  });
}

async function measure(port: number, pathOf: (id: string) => string, headers: Record<string, string>, ids: string[], seconds: number) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 16,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          request.path = pathOf(ids[next++ % ids.length]!);
          return request;
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function bench(databaseUrl: string | undefined, rounds: number, seconds: number) {
  const server = await startServer(databaseUrl, 5000);
  const kinds = {
    bare: () => measure(server.bare, (id) => `/api/v1/bench/persons/${id}`, {}, server.ids, seconds),
    gateway: () =>
      measure(server.gateway, (id) => `/api/v1/exchange/gateway/persons/${id}`, { 'x-api-key': server.key, 'x-yiwang-purpose': 'bench', 'x-yiwang-case': 'BENCH-1' }, server.ids, seconds),
  };
  const results = { bare: [] as Array<{ rps: number; p99: number }>, gateway: [] as Array<{ rps: number; p99: number }> };
  try {
    await measure(server.bare, (id) => `/api/v1/bench/persons/${id}`, {}, server.ids, 1);
    await measure(server.gateway, (id) => `/api/v1/exchange/gateway/persons/${id}`, { 'x-api-key': server.key, 'x-yiwang-purpose': 'warm-up' }, server.ids, 1);
    for (let round = 1; round <= rounds; round++) {
      for (const kind of round % 2 === 1 ? (['bare', 'gateway'] as const) : (['gateway', 'bare'] as const)) {
        const { rps, p99, errors } = await kinds[kind]();
        if (errors > 0) {
          throw new Error(`${server.kind} ${kind}: ${errors} failed requests`);
        }
        results[kind].push({ rps, p99 });
        console.log(`${server.kind.padEnd(8)} round ${round} ${kind.padEnd(7)} ${rps.toFixed(0)} req/s p99 ${p99} ms`);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  const summary = (list: Array<{ rps: number; p99: number }>) => ({ rps: median(list.map((r) => r.rps)), p99: median(list.map((r) => r.p99)) });
  const bare = summary(results.bare);
  const gateway = summary(results.gateway);
  console.log(`${server.kind}: bare ${bare.rps.toFixed(0)} req/s (p99 ${bare.p99} ms); gateway ${gateway.rps.toFixed(0)} req/s (p99 ${gateway.p99} ms); ratio ${(gateway.rps / bare.rps).toFixed(3)}`);
  return { bare, gateway };
}

export async function run(args: string[]): Promise<void> {
  if (pin) {
    spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  }
  const rounds = Number(args[0] ?? 3);
  const seconds = Number(args[1] ?? 5);
  await bench(undefined, rounds, seconds);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('DATABASE_URL not set: PostgreSQL skipped; the RESULT line reports PGlite');
  }
  const final = url ? await bench(url, rounds, seconds) : await bench(undefined, 1, seconds);
  const ratio = final.gateway.rps / final.bare.rps;
  console.log(`RESULT exchange-gateway value=${final.gateway.rps.toFixed(0)} unit=req/s baseline=${final.bare.rps.toFixed(0)} ratio=${ratio.toFixed(3)} goal=${GOAL}`);
}

/**
 * bench/http-core: requests per second of a yiwang Fastify route that returns one cached
 * row through its response schema, against raw node:http returning the same bytes. Both
 * servers run in a child process (one at a time) pinned to one core where `taskset` exists,
 * autocannon drives them from this process on the other core with pipelining, so the server
 * — not the load generator — is the bottleneck. Rounds alternate the order so that machine
 * noise hits both alike; the figure is the median of the per-round ratios. Goal: ≥ 0.90.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

const GOAL = 0.9;

const pin = spawnSync('taskset', ['--version']).status === 0;

async function startServer(kind: 'raw' | 'fastify'): Promise<{ child: ChildProcess; port: number }> {
  const command = [process.execPath, '--import', 'tsx', path.join(import.meta.dirname, '_http-core-server.ts'), kind];
  const child = pin ? spawn('taskset', ['-c', '1', ...command], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PORT (\d+)/.exec(output);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, port };
}

async function measure(port: number, seconds: number): Promise<{ rps: number; errors: number; bytes: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/bench/division/420704`,
    connections: 20,
    pipelining: 10,
    duration: seconds,
  });
  return { rps: result.requests.average, errors: result.errors + result.non2xx, bytes: result.throughput.average };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  if (pin) {
    // The load generator keeps to core 0, the server to core 1.
    spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  }
  const rounds = Number(args[0] ?? 3);
  const seconds = Number(args[1] ?? 5);
  const results: Record<'raw' | 'fastify', number[]> = { raw: [], fastify: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const kind of round % 2 === 1 ? (['raw', 'fastify'] as const) : (['fastify', 'raw'] as const)) {
      const { child, port } = await startServer(kind);
      try {
        await measure(port, 1); // warm-up: JIT, the first database read fills the cache
        const { rps, errors } = await measure(port, seconds);
        if (errors > 0) {
          throw new Error(`${kind}: ${errors} failed requests`);
        }
        results[kind].push(rps);
        console.log(`round ${round} ${kind.padEnd(7)} ${rps.toFixed(0)} req/s`);
      } finally {
        child.kill();
      }
    }
  }
  const value = median(results.fastify);
  const baseline = median(results.raw);
  const ratio = median(results.fastify.map((rps, i) => rps / results.raw[i]!));
  console.log(`fastify route (schema, cached row): median ${value.toFixed(0)} req/s; raw node:http: median ${baseline.toFixed(0)} req/s; median of per-round ratios ${ratio.toFixed(3)}`);
  console.log(`RESULT http-core value=${value.toFixed(0)} unit=req/s baseline=${baseline.toFixed(0)} ratio=${ratio.toFixed(3)} goal=${GOAL}`);
}

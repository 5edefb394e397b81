/**
 * bench/opendata-search: CKAN `package_search` over 20,000 published datasets with 50
 * concurrent clients, against a hello-world route on the same server in the same run. The
 * server runs in a child process pinned to core 1 where `taskset` exists; autocannon drives
 * it from core 0. Searches rotate over Chinese words, organisation and tag filters, facets,
 * sorts and pages, so that no single answer is measured. p95 is computed from every
 * response time. Rounds alternate the order; the figures are medians.
 * Goal: package_search ≥ 0.10 × hello-world req/s, and p95 ≤ 50 ms.
 *
 * Identical searches are answered from the module's answer cache until a dataset changes;
 * `npm run bench -- opendata-search 3 10 20000 cold` asks every request for another page,
 * so that each one is searched in the index and serialised afresh.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

const GOAL = 0.1;
const P95_GOAL_MS = 50;
const CONNECTIONS = 50;
const pin = spawnSync('taskset', ['--version']).status === 0;

async function startServer(datasets: number): Promise<{ child: ChildProcess; port: number; kind: string }> {
  const command = [process.execPath, '--import', 'tsx', path.join(import.meta.dirname, '_opendata-server.ts'), String(datasets)];
  const options = { stdio: ['ignore', 'pipe', 'inherit'] as ['ignore', 'pipe', 'inherit'] };
  const child = pin ? spawn('taskset', ['-c', '1', ...command], options) : spawn(command[0]!, command.slice(1), options);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+) (\S+)/.exec(output);
      if (match) {
        resolve({ child, port: Number(match[1]), kind: match[2]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`opendata server exited with ${code}`)));
  });
}

/** The searches clients send, in turn: words, filters, facets, sorts and pages. */
function searchPaths(): string[] {
  const words = ['公交', '停车场', '医疗机构', '学校', '空气质量', '景区', '12345', '市场主体', '养老', '药品', '湖泊', '充电桩', '政务服务', '农产品价格', '图书馆'];
  const owners = ['ezhou-jtysj', 'ezhou-wjw', 'ezhou-scjgj', 'ezhou-zsj', 'ezhou-mzj'];
  const facets = encodeURIComponent('["organization","groups","res_format","license_id"]');
  const paths: string[] = [];
  for (const [i, word] of words.entries()) {
    const q = encodeURIComponent(word);
    paths.push(`/api/3/action/package_search?q=${q}`);
    paths.push(`/api/3/action/package_search?q=${q}&facet.field=${facets}&rows=10`);
    paths.push(`/api/3/action/package_search?q=${q}&fq=${encodeURIComponent(`organization:${owners[i % owners.length]}`)}&start=10`);
    paths.push(`/api/3/action/package_search?fq=${encodeURIComponent(`tags:${word}`)}&sort=${encodeURIComponent('metadata_modified desc')}`);
  }
  paths.push(`/api/3/action/package_search?facet.field=${facets}&rows=20`);
  paths.push('/api/3/action/package_search?sort=name%20asc&start=19000');
  return paths;
}

async function measure(port: number, paths: string[], seconds: number, cold = false) {
  let next = 0;
  let page = 0;
  const times: number[] = [];
  // Without a callback autocannon returns its instance, an event emitter that is also a promise.
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          // Cold: every request asks for another page, so no answer comes from a cache.
          const path = paths[next++ % paths.length]!;
          request.path = cold ? `${path.replace(/&(rows|start)=\d+/g, '')}&rows=5&start=${page++ % 4000}` : path;
          return request;
        },
      },
    ],
  });
  (instance as unknown as import('node:events').EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  const result = await instance;
  times.sort((a, b) => a - b);
  const p95 = times.length > 0 ? times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]! : Number.NaN;
  return { rps: result.requests.average, p95, errors: result.errors + result.non2xx };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  if (pin) {
    spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  }
  const rounds = Number(args[0] ?? 3);
  const seconds = Number(args[1] ?? 10);
  const datasets = Number(args[2] ?? 20_000);
  const cold = args[3] === 'cold';
  const server = await startServer(datasets);
  const paths = searchPaths();
  const hello = ['/api/v1/bench/hello'];
  const results = { hello: [] as Array<{ rps: number; p95: number }>, search: [] as Array<{ rps: number; p95: number }> };
  try {
    await measure(server.port, paths, 2); // warm-up: JIT, jieba's dictionary, the database's caches
    await measure(server.port, hello, 1);
    for (let round = 1; round <= rounds; round++) {
      for (const kind of round % 2 === 1 ? (['hello', 'search'] as const) : (['search', 'hello'] as const)) {
        const { rps, p95, errors } = await measure(server.port, kind === 'hello' ? hello : paths, seconds, cold && kind === 'search');
        if (errors > 0) {
          throw new Error(`${kind}: ${errors} failed requests`);
        }
        results[kind].push({ rps, p95 });
        console.log(`${server.kind} round ${round} ${kind.padEnd(6)} ${rps.toFixed(0)} req/s p95 ${p95.toFixed(1)} ms`);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  const value = median(results.search.map((r) => r.rps));
  const baseline = median(results.hello.map((r) => r.rps));
  const p95 = median(results.search.map((r) => r.p95));
  console.log(`${server.kind}, ${datasets} datasets, ${CONNECTIONS} clients: package_search ${value.toFixed(0)} req/s, p95 ${p95.toFixed(1)} ms (goal ≤ ${P95_GOAL_MS} ms); hello-world ${baseline.toFixed(0)} req/s`);
  console.log(`RESULT opendata-search value=${value.toFixed(0)} unit=req/s baseline=${baseline.toFixed(0)} ratio=${(value / baseline).toFixed(3)} goal=${GOAL}`);
  console.log(`p95 ${p95.toFixed(1)} ms`);
}

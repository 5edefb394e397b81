/**
 * Once per run: makes sure web/dist is current (the server serves it; skip with
 * E2E_SKIP_BUILD=1), then starts one yiwang server that every journey shares.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot, startServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The server's DATA_DIR: the demo register's generated CSV files are under demo/. */
    dataDir: string;
  }
}

/** Rebuilds web/dist when it is missing or older than web/ (the same check as `npm start`). */
function buildConsoleIfStale(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build-web-if-stale.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env['E2E_SKIP_BUILD'] !== '1') {
    buildConsoleIfStale();
  }
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('dataDir', server.dataDir);
  return async () => {
    if (process.env['E2E_SERVER_LOG'] === '1') {
      process.stdout.write(`--- server output ---\n${server.output()}\n`);
    }
    await server.stop();
  };
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';

const main = path.resolve(import.meta.dirname, 'main.ts');

/** Runs the real CLI in a child process on an embedded database in `dataDir`. */
function yiwang(args: string[], env: Record<string, string>, input?: string) {
  const childEnv: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn', ...env };
  delete childEnv.DATABASE_URL;
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { env: childEnv, input, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('yiwang CLI', { timeout: 180_000 }, () => {
  it('prints help for every command', () => {
    for (const args of [['--help'], ['start', '--help'], ['migrate', '--help'], ['user', 'create', '--help'], ['audit', 'verify', '--help'], ['demo', '--help']]) {
      const result = yiwang(args, {});
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.out).toContain('Usage: yiwang');
    }
  });

  it('stops on a bad configuration and names every bad key', () => {
    const result = yiwang(['migrate'], { PORT: 'x', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(78);
    expect(result.out).toContain('PORT');
    expect(result.out).toContain('LOG_LEVEL');
  });

  it('refuses a production start without an administrator, then starts once one exists', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-cli-'));
    const env = { DATA_DIR: dataDir, NODE_ENV: 'production' };
    const refused = yiwang(['start'], env);
    expect(refused.code).toBe(78);
    expect(refused.out).toContain('yiwang user create');
    expect(yiwang(['demo'], env).code).toBe(1);
    const weak = yiwang(['user', 'create', '--username', 'root', '--display-name', '管理员', '--division', '420700', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('ORG_WEAK_PASSWORD');
    const created = yiwang(['user', 'create', '--username', 'root', '--display-name', '管理员', '--division', '420700', '--password-stdin'], env, 'Root-2026-secret\n');
    expect(created.code, created.out).toBe(0);
    expect(created.out).toContain('created user root');
  });

  it('verifies the audit log and names the record that was edited', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-cli-'));
    const env = { DATA_DIR: dataDir };
    expect(yiwang(['demo'], env).code).toBe(0);
    const intact = yiwang(['audit', 'verify'], env);
    expect(intact.code, intact.out).toBe(0);
    expect(intact.out).toMatch(/\d+ records, \d+ checkpoints: intact/);

    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    // The append-only trigger stops accidents; a table owner can switch it off, which is what the chain is for.
    await pglite.exec(`alter table kernel_audit_log disable trigger kernel_audit_log_append_only;
      update kernel_audit_log set details = '{"forged": true}' where seq = 3;`);
    await pglite.close();
    const tampered = yiwang(['audit', 'verify'], env);
    expect(tampered.code).toBe(2);
    expect(tampered.out).toContain('record 3: edited');
  });
});

import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadOrCreateAuditKeys, verifyAuditLog } from '../kernel/audit/index.js';
import { loadConfig } from '../kernel/config/index.js';
import { openConfiguredDatabase } from '../platform.js';
import { CliError } from './cli-error.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the SM3 hash chain and check every SM2-signed checkpoint; names any edited, deleted or reordered record')
    .action(async () => {
      const config = loadConfig();
      const keys = loadOrCreateAuditKeys(path.join(config.dataDir, 'keys'));
      const database = await openConfiguredDatabase(config);
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'verifying {bar} {value}/{total} records ({eta}s left)', stream: process.stderr }, Presets.shades_classic) : null;
      let started = false;
      try {
        const report = await verifyAuditLog(database.db, keys.publicKeyPem, {
          onProgress: (done, total) => {
            if (bar && !started) {
              bar.start(total, 0);
              started = true;
            }
            bar?.update(done);
          },
        });
        bar?.stop();
        for (const problem of report.problems) {
          console.log(`record ${problem.seq}: ${problem.kind} — ${problem.message}`);
        }
        console.log(`${report.records} records, ${report.checkpoints} checkpoints: ${report.ok ? 'intact' : `${report.problems.length} problem(s) found`}`);
        if (!report.ok) {
          throw new CliError('the audit log has been tampered with', 2);
        }
      } finally {
        bar?.stop();
        await database.close();
      }
    });
}

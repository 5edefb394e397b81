import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { AUDIT_PUBLIC_KEY_FILE, verifyAuditLog } from '../kernel/audit/index.js';
import { loadConfig } from '../kernel/config/index.js';
import { openConfiguredDatabase } from '../platform.js';
import { CliError } from './cli-error.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the SM3 hash chain and check every SM2-signed checkpoint; names any edited, deleted or reordered record')
    .option('--public-key <file>', 'SM2 public key (PEM) that signed the checkpoints; default DATA_DIR/keys/' + AUDIT_PUBLIC_KEY_FILE)
    .action(async (options: { publicKey?: string }) => {
      const config = loadConfig();
      // Only read: a key made up here would declare every genuine checkpoint forged.
      const keyFile = options.publicKey ?? path.join(config.dataDir, 'keys', AUDIT_PUBLIC_KEY_FILE);
      if (!fs.existsSync(keyFile)) {
        throw new CliError(`no audit public key at ${keyFile}; pass the installation's key with --public-key`);
      }
      const publicKeyPem = fs.readFileSync(keyFile, 'utf8');
      const database = await openConfiguredDatabase(config);
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'verifying {bar} {value}/{total} records ({eta}s left)', stream: process.stderr }, Presets.shades_classic) : null;
      let started = false;
      try {
        const report = await verifyAuditLog(database.db, publicKeyPem, {
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
        if (report.moreProblems > 0) {
          console.log(`… and ${report.moreProblems} more problem(s) not listed`);
        }
        const found = report.problems.length + report.moreProblems;
        console.log(`${report.records} records, ${report.checkpoints} checkpoints: ${report.ok ? 'intact' : `${found} problem(s) found`}`);
        if (!report.ok) {
          throw new CliError('the audit log has been tampered with', 2);
        }
      } finally {
        bar?.stop();
        await database.close();
      }
    });
}

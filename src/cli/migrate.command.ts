import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import { migrate } from '../kernel/db/index.js';
import { openConfiguredDatabase } from '../platform.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations of the kernel and every module, then exit')
    .action(async () => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        const report = await migrate(database.db);
        for (const name of report.applied) {
          console.log(`applied ${name}`);
        }
        console.log(`${report.applied.length} applied, ${report.alreadyApplied} already applied (${database.kind})`);
      } finally {
        await database.close();
      }
    });
}

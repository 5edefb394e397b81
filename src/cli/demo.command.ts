import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';
import { createImportProgress } from './import.command.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load the demo city, 鄂州市 Ezhou (420700): divisions, departments, one user per role; idempotent')
    .option('--scale <scale>', 'sample (quick) or full (Ezhou\'s real scale, for modules that ship registers)', 'sample')
    .action(async (options: { scale: string }) => {
      if (options.scale !== 'sample' && options.scale !== 'full') {
        throw new CliError(`--scale must be sample or full, not ${options.scale}`);
      }
      const config = loadConfig();
      if (config.NODE_ENV === 'production') {
        throw new CliError('the demo city and its well-known passwords are refused in production (NODE_ENV=production)');
      }
      const platform = await createPlatform(config);
      const bars = { persons: createImportProgress('demo persons'), entities: createImportProgress('demo entities') };
      if (options.scale === 'full') {
        console.error('generating and importing Ezhou\'s full register (about 1,080,000 persons and 100,000 legal entities); this takes minutes');
      }
      try {
        const report = await platform.loadDemo({
          scale: options.scale,
          // The sample takes a moment; only the full register is worth a progress bar.
          ...(options.scale === 'full' ? { onRegistryProgress: (kind: 'persons' | 'entities', p: Parameters<typeof bars.persons.update>[0]) => bars[kind].update(p) } : {}),
        });
        bars.persons.stop();
        bars.entities.stop();
        console.log(`demo city 鄂州市 loaded: ${report.organisations} organisations; users created: ${report.usersCreated.join(', ') || 'none (already there)'}`);
        console.log(`register (${report.registry.scale}): ${report.registry.persons} persons, ${report.registry.entities} legal entities`);
        const workflow = report.serviceWorkflow;
        console.log(`一网通办: ${workflow.procedures} item procedures; applicants created: ${workflow.applicantsCreated.join(', ') || 'none'}; case officers created: ${workflow.officersCreated.join(', ') || 'none'}`);
      } finally {
        bars.persons.stop();
        bars.entities.stop();
        await platform.close();
      }
    });
}

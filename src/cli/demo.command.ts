import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';

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
      try {
        const report = await platform.loadDemo();
        console.log(`demo city 鄂州市 loaded: ${report.organisations} organisations; users created: ${report.usersCreated.join(', ') || 'none (already there)'}`);
      } finally {
        await platform.close();
      }
    });
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../kernel/config/index.js';
import { registerAuditCommands } from './audit.command.js';
import { registerCasesCommands } from './cases.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerImportCommand } from './import.command.js';
import { registerIotCommands } from './iot.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { registerStartCommand } from './start.command.js';
import { registerUserCommands } from './user.command.js';
import { CliError } from './cli-error.js';

const program = new Command()
  .name('yiwang')
  .description('yiwang 一网 — digital-government platform (一网通办 · 一网统管 · 一网协同)\nSettings come from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, MQTT_URL, LOG_LEVEL, NODE_ENV.')
  .showHelpAfterError()
  .exitOverride();

registerStartCommand(program);
registerMigrateCommand(program);
registerUserCommands(program);
registerAuditCommands(program);
registerDemoCommand(program);
registerImportCommand(program);
registerIotCommands(program);
registerCasesCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError || error instanceof CliError) {
    console.error(`yiwang: ${error.message}`);
    process.exit(error instanceof CliError ? error.exitCode : 78);
  }
  console.error('yiwang: failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}

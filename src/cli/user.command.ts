import readline from 'node:readline';
import type { Command } from 'commander';
import { AppError } from '../kernel/errors/index.js';
import { loadConfig } from '../kernel/config/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asking = true;
  muted._writeToOutput = (s: string) => {
    muted.output.write(asking ? s : '');
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    asking = false;
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    return readStdin();
  }
  if (!process.stdin.isTTY) {
    throw new CliError('no terminal to ask for the password: pass it with --password-stdin');
  }
  const first = await askHidden('password (10+ characters, letters and digits): ');
  const second = await askHidden('repeat password: ');
  if (first !== second) {
    throw new CliError('the two passwords differ');
  }
  return first;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user (e.g. the first platform administrator of a production installation)')
    .requiredOption('--username <name>', 'login name: a letter, then letters, digits, _ . - (3–32)')
    .requiredOption('--display-name <name>', 'name shown in the console, e.g. 张三')
    .option('--role <code...>', 'role codes, e.g. platform_admin, org_admin, data_steward', ['platform_admin'])
    .option('--organisation <code>', 'organisation code (e.g. ezhou-zsj); the division follows it')
    .option('--division <code>', 'GB/T 2260 division code the user is bound to (e.g. 420700)')
    .option('--password-stdin', 'read the password from standard input instead of asking')
    .action(async (options: { username: string; displayName: string; role: string[]; organisation?: string; division?: string; passwordStdin?: boolean }) => {
      if (!/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(options.username)) {
        throw new CliError(`username "${options.username}" must start with a letter and have 3–32 letters, digits, _ . -`);
      }
      if (!options.organisation && !options.division) {
        throw new CliError('say where the user belongs: --organisation <code> or --division <code>');
      }
      const password = await readPassword(options.passwordStdin === true);
      const platform = await createPlatform(loadConfig());
      try {
        let organisationId: string | null = null;
        if (options.organisation) {
          const organisation = await platform.org.service.getOrganisationByCode(options.organisation);
          if (!organisation) {
            throw new CliError(`no organisation with code ${options.organisation}`);
          }
          organisationId = organisation.id;
        }
        const created = await platform.org.service.createUser(null, {
          username: options.username,
          displayName: options.displayName,
          password,
          organisationId,
          ...(options.division ? { divisionCode: options.division } : {}),
          roles: options.role,
        });
        console.log(`created user ${created.username} (${created.displayName}) in ${created.divisionName}, roles: ${created.roles.join(', ')}`);
      } catch (error) {
        if (error instanceof AppError) {
          throw new CliError(`${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`);
        }
        throw error;
      } finally {
        await platform.close();
      }
    });
}

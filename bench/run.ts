// `npm run bench -- <name>` runs bench/<name>.ts, which ends with one RESULT line.
import fs from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !['run.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => path.basename(f, '.ts'));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<void> };
await bench.run(process.argv.slice(3));

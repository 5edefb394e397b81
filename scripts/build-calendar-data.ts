/**
 * Writes data/calendar/cn-<year>.json from the `chinese-days` package (MIT), one file per
 * year the package covers. Run after upgrading the package:
 *
 *   npx tsx scripts/build-calendar-data.ts [outDir]
 *
 * The package's per-year files (dist/years/<year>.json) hold `holidays` and `workdays`
 * as date → "English name,中文名,statutory days". We keep the Chinese name, label make-up
 * working days "<name>调休", validate every file with the loader yiwang uses at run time,
 * and finally check the result day by day against the package's own isWorkday().
 * At run time yiwang reads only the JSON files, never the package.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCalendarYear } from '../src/kernel/calendar/calendar-data.js';
import { createWorkingCalendar, type CalendarYear } from '../src/kernel/calendar/working-days.js';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'data', 'calendar'));

const pkgJsonPath = require.resolve('chinese-days/package.json');
const pkgDir = dirname(pkgJsonPath);
const pkg = JSON.parse(await readFile(pkgJsonPath, 'utf8')) as { name: string; version: string; license: string };
const source = `${pkg.name} ${pkg.version}`;

const yearsDir = join(pkgDir, 'dist', 'years');
const yearFiles = (await readdir(yearsDir)).filter((n) => /^\d{4}\.json$/.test(n)).sort();
if (yearFiles.length === 0) {
  throw new Error(`no per-year JSON files in ${yearsDir}: has the package layout changed?`);
}

const built: CalendarYear[] = [];
await mkdir(outDir, { recursive: true });
for (const name of yearFiles) {
  const year = Number(name.slice(0, 4));
  const raw = JSON.parse(await readFile(join(yearsDir, name), 'utf8')) as {
    holidays?: Record<string, string>;
    workdays?: Record<string, string>;
  };
  const label = (value: string, where: string): string => {
    const parts = value.split(',');
    const chinese = parts[1]?.trim();
    if (parts.length !== 3 || chinese === undefined || chinese === '') {
      throw new Error(`${name} ${where}: unexpected value ${JSON.stringify(value)}`);
    }
    return chinese;
  };
  const holidays: Record<string, string> = {};
  for (const [date, value] of sortedEntries(raw.holidays ?? {})) {
    holidays[date] = label(value, date);
  }
  const workdays: Record<string, string> = {};
  for (const [date, value] of sortedEntries(raw.workdays ?? {})) {
    workdays[date] = `${label(value, date)}调休`;
  }
  const file = join(outDir, `cn-${year}.json`);
  const data = { year, source, published: true, holidays, workdays };
  built.push(parseCalendarYear(data, file, year));
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

// Cross-check every day of every year against the package's own answer.
const chineseDays = require('chinese-days') as { isWorkday: (date: string) => boolean };
const calendar = createWorkingCalendar(built);
let mismatches = 0;
for (const { year } of built) {
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(date) !== chineseDays.isWorkday(date)) {
      mismatches++;
      console.error(`mismatch on ${date}: yiwang ${calendar.isWorkingDay(date)}, chinese-days ${chineseDays.isWorkday(date)}`);
    }
  }
}
if (mismatches > 0) {
  throw new Error(`${mismatches} days disagree with chinese-days`);
}
console.log(
  `wrote ${built.length} files (${built[0]?.year}–${built.at(-1)?.year}) to ${outDir} from ${source} (${pkg.license}); ` +
    'every day agrees with chinese-days.isWorkday',
);

function sortedEntries(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

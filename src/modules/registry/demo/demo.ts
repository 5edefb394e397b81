import fs from 'node:fs';
import path from 'node:path';
import type { ImportProgress, ImportReport } from '../import/importer.js';
import { csvCell } from '../import/rejects.js';
import { ENTITY_CSV_HEADER, entityCells, generateEntities, type Representative } from './entities.js';
import { generatePersons, PERSON_CSV_HEADER, personCells } from './persons.js';
import { createRandom } from './random.js';

export type DemoScale = 'sample' | 'full';

/** Sizes of the demo register: a sample for a quick first start, and Ezhou's real scale. */
export const DEMO_SIZES: Record<DemoScale, { persons: number; entities: number }> = {
  sample: { persons: 2_000, entities: 300 },
  full: { persons: 1_080_000, entities: 100_000 },
};
/** The register's "as of" date: fixed, so the same files (and the same import runs) come out every time. */
const AS_OF = '2026-06-30';
const SEED = 'yiwang-demo-ezhou-420700';
const MAX_REPRESENTATIVES = 20_000;

function writeCsv<T>(file: string, header: readonly string[], rows: Iterable<T>, cells: (row: T) => string[], onRow?: (row: T) => void): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    let pending = `${header.join(',')}\n`;
    for (const row of rows) {
      onRow?.(row);
      pending += `${cells(row).map(csvCell).join(',')}\n`;
      if (pending.length > 1 << 20) {
        fs.writeSync(fd, pending);
        pending = '';
      }
    }
    fs.writeSync(fd, pending);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/** Writes the demo CSV files (unless already there) into `dir`; returns their paths. */
export function writeDemoFiles(dir: string, scale: DemoScale): { persons: string; entities: string } {
  const files = { persons: path.join(dir, `registry-persons-${scale}.csv`), entities: path.join(dir, `registry-entities-${scale}.csv`) };
  if (fs.existsSync(files.persons) && fs.existsSync(files.entities)) {
    return files;
  }
  const size = DEMO_SIZES[scale];
  // One seed for persons at every scale, so the sample's persons are the first of the full
  // register; entities and their representatives draw from streams of their own.
  const random = createRandom(`${SEED}/persons`);
  const reservoir = createRandom(`${SEED}/representatives`);
  const representatives: Representative[] = [];
  let adults = 0;
  writeCsv(files.persons, PERSON_CSV_HEADER, generatePersons(random, size.persons, AS_OF), personCells, (row) => {
    const age = Number(AS_OF.slice(0, 4)) - Number(row.birthDate.slice(0, 4));
    if (row.status === '正常' && age >= 25 && age <= 70) {
      // Reservoir sampling keeps a fair, bounded set of representatives at any scale.
      adults++;
      const slot = adults <= MAX_REPRESENTATIVES ? adults - 1 : reservoir.int(adults);
      if (slot < MAX_REPRESENTATIVES) {
        representatives[slot] = { idNumber: row.idNumber, name: row.name };
      }
    }
  });
  writeCsv(files.entities, ENTITY_CSV_HEADER, generateEntities(createRandom(`${SEED}/entities/${scale}`), size.entities, AS_OF, representatives), entityCells);
  return files;
}

const SPOILERS: ReadonlyArray<readonly [string, (cells: string[]) => void]> = [
  ['ID_CHECK_DIGIT', (c) => (c[0] = c[0]!.slice(0, 17) + (c[0]!.endsWith('0') ? '1' : '0'))],
  ['DIVISION_UNKNOWN', (c) => (c[5] = '420799001')],
  ['PHONE_INVALID', (c) => (c[7] = '12345')],
  ['SEX_MISMATCH', (c) => (c[2] = c[2] === '男' ? '女' : '男')],
  ['NAME_MISSING', (c) => (c[1] = '')],
];

/**
 * Writes `count` synthetic persons (the demo generator under `seed`) to `file`, spoiling
 * every `spoilEvery`-th row in turn with a wrong check digit, an unknown division, a bad
 * phone, a sex that contradicts the ID, or no name; for tests and benchmarks. Returns the
 * line and expected reason code of each spoiled row (the header is line 1).
 */
export function writeSyntheticPersons(file: string, options: { count: number; seed: string; spoilEvery?: number }): Array<{ line: number; code: string }> {
  const random = createRandom(options.seed);
  const spoiled: Array<{ line: number; code: string }> = [];
  let row = 0;
  writeCsv(file, PERSON_CSV_HEADER, generatePersons(random, options.count, AS_OF), (person) => {
    const cells = personCells(person);
    row++;
    if (options.spoilEvery && row % options.spoilEvery === 0) {
      const [code, spoil] = SPOILERS[spoiled.length % SPOILERS.length]!;
      spoil(cells);
      spoiled.push({ line: row + 1, code });
    }
    return cells;
  });
  return spoiled;
}

export interface DemoRegistryReport {
  scale: DemoScale;
  persons: ImportReport;
  entities: ImportReport;
}

/**
 * The demo city's register: generated files under `dir`, imported through the same path
 * as `yiwang import`. Idempotent: the import runs of the same files are complete.
 */
export async function seedDemoRegistry(
  deps: { dir: string; importFile: (options: { kind: 'persons' | 'entities'; file: string; source: string; onProgress?: (p: ImportProgress) => void }) => Promise<ImportReport> },
  options: { scale: DemoScale; onProgress?: (kind: 'persons' | 'entities', progress: ImportProgress) => void },
): Promise<DemoRegistryReport> {
  const files = writeDemoFiles(deps.dir, options.scale);
  const progress = (kind: 'persons' | 'entities') => (options.onProgress ? (p: ImportProgress) => options.onProgress!(kind, p) : undefined);
  const persons = await deps.importFile({ kind: 'persons', file: files.persons, source: 'demo', ...withProgress(progress('persons')) });
  const entities = await deps.importFile({ kind: 'entities', file: files.entities, source: 'demo', ...withProgress(progress('entities')) });
  return { scale: options.scale, persons, entities };
}

const withProgress = (onProgress: ((p: ImportProgress) => void) | undefined) => (onProgress ? { onProgress } : {});

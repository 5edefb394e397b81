import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCitizenId, parseCreditCode } from '../../../kernel/identifiers/index.js';
import { divisionDirectory } from '../divisions.js';
import { mapHeader } from '../import/columns.js';
import { validateEntity, validatePerson, type RowContext } from '../import/rows.js';
import { writeDemoFiles } from './demo.js';
import { createRandom } from './random.js';
import { generatePersons } from './persons.js';

const context: RowContext = { today: '2026-11-23', divisions: divisionDirectory() };

function rowsOf(file: string) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  return { header: header!, rows: lines };
}

describe('the demo register', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-demo-'));
  const files = writeDemoFiles(dir, 'sample');
  const persons = rowsOf(files.persons);
  const entities = rowsOf(files.entities);

  it('holds 2,000 standards-valid, distinct persons in Ezhou townships that the import accepts', () => {
    expect(persons.rows).toHaveLength(2000);
    const { mapping } = mapHeader<string>('persons', persons.header);
    const ids = new Set<string>();
    for (const row of persons.rows) {
      const result = validatePerson((c) => row[mapping.index[c as never] as number] ?? '', context);
      expect(result.ok, row.join(',')).toBe(true);
      const id = parseCitizenId(row[0]!);
      expect(id.ok && id.value.sex === (row[2] === '男' ? 'male' : 'female')).toBe(true);
      expect(row[5]).toMatch(/^42070[234]\d{3}$/);
      ids.add(row[0]!);
    }
    expect(ids.size).toBe(2000);
    const fromEzhou = persons.rows.filter((r) => /^42070[0234]/.test(r[0]!)).length;
    expect(fromEzhou / 2000).toBeGreaterThan(0.9);
    const children = persons.rows.filter((r) => Number(r[3]!.slice(0, 4)) > 2012).length;
    const elderly = persons.rows.filter((r) => Number(r[3]!.slice(0, 4)) < 1962).length;
    expect(children / 2000).toBeGreaterThan(0.08);
    expect(elderly / 2000).toBeGreaterThan(0.1);
    const men = persons.rows.filter((r) => r[2] === '男').length / 2000;
    expect(men).toBeGreaterThan(0.46);
    expect(men).toBeLessThan(0.56);
  });

  it('holds 300 entities with valid, distinct credit codes whose representatives are registered persons', () => {
    expect(entities.rows).toHaveLength(300);
    const { mapping } = mapHeader<string>('entities', entities.header);
    const personIds = new Map(persons.rows.map((r) => [r[0], r[1]]));
    const codes = new Set<string>();
    for (const row of entities.rows) {
      expect(validateEntity((c) => row[mapping.index[c as never] as number] ?? '', context).ok, row.join(',')).toBe(true);
      expect(parseCreditCode(row[0]!).ok).toBe(true);
      expect(row[0]!.slice(2, 6)).toBe('4207');
      if (row[4]) {
        expect(personIds.get(row[4])).toBe(row[3]);
      }
      codes.add(row[0]!);
    }
    expect(codes.size).toBe(300);
    expect(new Set(entities.rows.map((r) => r[1])).size).toBe(300);
  });

  it('is the same for the same seed, and another for another seed', () => {
    const take = (seed: string) => [...generatePersons(createRandom(seed), 50, '2026-06-30')];
    expect(take('a')).toEqual(take('a'));
    expect(take('a')).not.toEqual(take('b'));
    const again = writeDemoFiles(fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-demo-')), 'sample');
    expect(fs.readFileSync(again.persons)).toEqual(fs.readFileSync(files.persons));
    expect(fs.readFileSync(again.entities)).toEqual(fs.readFileSync(files.entities));
  });
});

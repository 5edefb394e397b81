import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCategories } from './categories.js';

const root = path.resolve(import.meta.dirname, '../../..');
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

describe('the shipped taxonomy (data/cases/categories.json)', () => {
  const categories = readCategories();

  it('covers components, events and livelihood categories with unique codes', () => {
    expect(categories.length).toBeGreaterThanOrEqual(50);
    for (const kind of ['component', 'event', 'livelihood'] as const) {
      expect(categories.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(categories.map((c) => c.code)).size).toBe(categories.length);
  });

  it('names a department of the demo city for every category', () => {
    const org = readJson<{ departments: Array<{ code: string }> }>('data/demo/ezhou-org.json');
    const departments = new Set(org.departments.map((d) => d.code));
    expect(categories.filter((c) => !departments.has(c.defaultDepartment)).map((c) => c.code)).toEqual([]);
  });

  it('gives every demo IoT device type a category, so that each alarm can open a case', () => {
    const iot = readJson<{ types: Array<{ code: string }> }>('data/demo/iot-ezhou.json');
    const mapped = new Set(categories.flatMap((c) => c.iotTypes));
    expect(iot.types.map((t) => t.code).filter((code) => !mapped.has(code))).toEqual([]);
  });

  it('refuses a malformed file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-cases-')), 'categories.json');
    fs.writeFileSync(file, JSON.stringify({ categories: [{ ...categories[0], limitDays: 0 }] }));
    expect(() => readCategories(file)).toThrow(/invalid category/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

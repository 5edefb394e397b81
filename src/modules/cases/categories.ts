import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CategoryKind } from './cases.model.js';

/** One category of data/cases/categories.json with its default responsibility. */
export interface CategoryDefinition {
  code: string;
  name: string;
  kind: CategoryKind;
  group: string;
  /** Organisation code of the department that answers for it by default. */
  defaultDepartment: string;
  urgentHours: number;
  limitDays: number;
  iotTypes: string[];
  /** Words citizens use for it (the classifier learns them besides the corpus). */
  keywords?: string[];
  /** false: never dispatched on the classifier's word alone (catch-all categories need a dispatcher). */
  autoDispatch?: boolean;
}

export const CATEGORIES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/cases/categories.json');

const CODE = /^(BJ|SJ|MS)-\d{2}-\d{2}$/;
const KINDS: readonly CategoryKind[] = ['component', 'event', 'livelihood'];

/** Reads and checks the shipped taxonomy; a malformed entry stops start-up with its code. */
export function readCategories(file = CATEGORIES_FILE): CategoryDefinition[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { categories: CategoryDefinition[] };
  const seen = new Set<string>();
  for (const c of parsed.categories) {
    const ok =
      CODE.test(c.code) &&
      !seen.has(c.code) &&
      c.name.length > 0 &&
      KINDS.includes(c.kind) &&
      Number.isInteger(c.urgentHours) &&
      c.urgentHours >= 1 &&
      Number.isInteger(c.limitDays) &&
      c.limitDays >= 1 &&
      Array.isArray(c.iotTypes);
    if (!ok) {
      throw new Error(`${file}: invalid category ${JSON.stringify(c.code)}`);
    }
    seen.add(c.code);
  }
  return parsed.categories;
}

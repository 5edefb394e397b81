import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/divisions/hubei.json');

interface DivisionRecord {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county' | 'township';
  parentCode: string | null;
  kind?: string;
}

export interface Township {
  code: string;
  name: string;
  /** subdistrict (街道), town (镇), township (乡) or quasi-township (开发区等). */
  kind: string;
}

/** Hubei's divisions as shipped in data/divisions/hubei.json (reference data, not org's tables). */
export interface DivisionDirectory {
  /** 9-digit township or subdistrict codes. */
  isTownship(code: string): boolean;
  /** Any known code: 6-digit province/prefecture/county or 9-digit township. */
  isKnown(code: string): boolean;
  name(code: string): string | undefined;
  /** Townships under a 6-digit county code, in code order. */
  townshipsOf(countyCode: string): readonly Township[];
  /** 6-digit codes of every county-level division. */
  counties(): readonly string[];
}

let cached: DivisionDirectory | undefined;

export function divisionDirectory(): DivisionDirectory {
  if (cached) {
    return cached;
  }
  const records = JSON.parse(fs.readFileSync(file, 'utf8')) as DivisionRecord[];
  const byCode = new Map(records.map((r) => [r.code, r]));
  const townships = new Map<string, Township[]>();
  const counties = records.filter((r) => r.level === 'county').map((r) => r.code);
  for (const r of records) {
    if (r.level === 'township' && r.parentCode) {
      const list = townships.get(r.parentCode) ?? [];
      list.push({ code: r.code, name: r.name, kind: r.kind ?? 'town' });
      townships.set(r.parentCode, list);
    }
  }
  cached = {
    isTownship: (code) => byCode.get(code)?.level === 'township',
    isKnown: (code) => byCode.has(code),
    name: (code) => byCode.get(code)?.name,
    townshipsOf: (countyCode) => townships.get(countyCode) ?? [],
    counties: () => counties,
  };
  return cached;
}

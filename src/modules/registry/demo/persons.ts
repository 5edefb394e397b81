import { citizenIdCheckChar } from '../../../kernel/identifiers/index.js';
import { divisionDirectory, type Township } from '../divisions.js';
import { AGE_BANDS, COHORT_NAMES, DISTRICT_SHARES, MINORITIES, MOBILE_PREFIXES, NAME_CHARS, SURNAMES, TOWNSHIP_KIND_WEIGHT, URBAN_ROADS, VILLAGES, ZONE_ROADS } from './names.js';
import { weighted, type Random, type WeightedTable } from './random.js';

/** One row of the demo persons CSV, in the import's documented columns. */
export interface DemoPerson {
  idNumber: string;
  name: string;
  sex: '男' | '女';
  birthDate: string;
  ethnicity: string;
  householdDivision: string;
  address: string;
  phone: string;
  status: '正常' | '迁出' | '死亡';
}

export const PERSON_CSV_HEADER = ['公民身份号码', '姓名', '性别', '出生日期', '民族', '户籍地区划代码', '住址', '联系电话', '人员状态'];
export const personCells = (p: DemoPerson) => [p.idNumber, p.name, p.sex, p.birthDate, p.ethnicity, p.householdDivision, p.address, p.phone, p.status];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function givenName(random: Random, birthYear: number, male: boolean): string {
  if (random.chance(0.35)) {
    const cohort = COHORT_NAMES.find((c) => birthYear <= c.until) ?? COHORT_NAMES[COHORT_NAMES.length - 1]!;
    return random.pick(male ? cohort.male : cohort.female);
  }
  const chars = male ? NAME_CHARS.male : NAME_CHARS.female;
  const single = birthYear >= 1960 && birthYear < 2000 ? 0.25 : 0.1;
  return random.chance(single) ? random.pick(chars) : random.pick(chars) + random.pick(chars);
}

function address(random: Random, countyName: string, township: Township): string {
  const place = `${countyName}${township.name}`;
  const no = 1 + random.int(320);
  switch (township.kind) {
    case 'subdistrict':
      return random.chance(0.6)
        ? `${place}${random.pick(URBAN_ROADS)}${no}号${1 + random.int(24)}栋${1 + random.int(4)}单元${1 + random.int(18)}0${1 + random.int(4)}室`
        : `${place}${random.pick(URBAN_ROADS)}${no}号`;
    case 'quasi-township':
      return `${place}${random.pick(ZONE_ROADS)}${no}号`;
    default:
      return `${place}${random.pick(VILLAGES)}村${1 + random.int(12)}组${no}号`;
  }
}

function phone(random: Random, age: number): string {
  if (random.chance(0.03)) {
    return `0711-${3 + random.int(6)}${pad(random.int(1_000_000), 6)}`;
  }
  if (age < 16 ? !random.chance(0.05) : !random.chance(0.93)) {
    return '';
  }
  return `${random.pick(MOBILE_PREFIXES)}${pad(random.int(100_000_000), 8)}`;
}

/**
 * Ezhou's synthetic residents: ages after Hubei's pyramid, sex from the ID's sequence
 * parity, ID numbers with Ezhou's division codes (some issued elsewhere) and valid check
 * characters, all distinct; households in Ezhou's real townships. Deterministic for a
 * seed and an as-of date.
 */
export function* generatePersons(random: Random, count: number, asOf: string): Generator<DemoPerson> {
  const directory = divisionDirectory();
  const townships = new Map<string, WeightedTable<Township>>();
  for (const county of DISTRICT_SHARES.items) {
    townships.set(county, weighted(directory.townshipsOf(county).map((t) => [t, TOWNSHIP_KIND_WEIGHT[t.kind] ?? 1] as const)));
  }
  const elsewhere = directory.counties().filter((code) => !code.startsWith('4207'));
  const asOfTime = Date.parse(`${asOf}T00:00:00Z`);
  // Per division, birth date and sex: a random first sequence number, then the next ones.
  const sequences = new Map<string, number>();

  for (let i = 0; i < count; i++) {
    const county = random.weighted(DISTRICT_SHARES);
    const township = random.weighted(townships.get(county)!);
    const male = random.chance(0.512);
    const band = random.weighted(AGE_BANDS);
    const age = band + random.int(band === 90 ? 10 : 5);
    const birth = new Date(asOfTime - (age * 365.25 + random.int(365)) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const roll = random.next();
    const idDivision = roll < 0.85 ? county : roll < 0.95 ? '420700' : random.pick(elsewhere);
    const first14 = `${idDivision}${birthDate.replace(/-/g, '')}`;
    const key = `${first14}${male ? 1 : 0}`;
    const seen = sequences.get(key) ?? random.int(498) * 1000;
    sequences.set(key, seen + 1);
    const m = ((Math.floor(seen / 1000) + (seen % 1000)) % 498) + 1;
    const first17 = `${first14}${pad(2 * m + (male ? 1 : 0), 3)}`;
    const statusRoll = random.next();
    const status = age >= 60 && statusRoll < 0.015 ? '死亡' : statusRoll > 0.988 ? '迁出' : '正常';
    yield {
      idNumber: first17 + citizenIdCheckChar(first17),
      name: random.weighted(SURNAMES) + givenName(random, birth.getUTCFullYear(), male),
      sex: male ? '男' : '女',
      birthDate,
      ethnicity: random.chance(0.996) ? '汉族' : random.weighted(MINORITIES),
      householdDivision: township.code,
      address: address(random, directory.name(county) ?? '', township),
      phone: status === '死亡' ? '' : phone(random, age),
      status,
    };
  }
}

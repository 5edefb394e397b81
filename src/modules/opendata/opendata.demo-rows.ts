/**
 * Rows of the demo datasets, generated deterministically from small recipes in
 * data/demo/opendata-ezhou.json (the same rows on every machine), or by a few generators
 * whose rows must hang together (bus lines and their stops, daily air quality, monthly
 * hotline figures, hourly lake levels).
 */
import { creditCodeCheckChar, orgCodeCheckChar } from '../../kernel/identifiers/index.js';
import type { Row } from './opendata.model.js';

/** A value recipe for one field. */
export type Recipe =
  | { const: string | number | boolean | null }
  | { cycle: Array<string | number> }
  | { pick: Array<string | number> }
  | { format: string }
  | { int: [number, number] }
  | { num: [number, number, number] }
  | { date: [string, string] }
  | { monthDay: string }
  | { bool: number }
  | { lon: true }
  | { lat: true }
  | { phone: true }
  | { credit: true }
  | { address: true }
  | { name: { prefix?: string[]; core: string[]; suffix?: string[] } };

export interface RowSpec {
  count?: number;
  fields?: Record<string, Recipe>;
  generator?: 'busStops' | 'airQuality' | 'hotline' | 'lakeLevels' | 'indicators';
  /** Rows written out in full; recipes add fields to them. */
  rows?: Row[];
}

/** mulberry32: a small seeded generator, so the demo's rows are the same everywhere. */
function random(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = ['鄂城区', '华容区', '梁子湖区'];
const ROADS = ['滨湖南路', '寿昌大道', '吴都大道', '古城路', '南浦路', '凤凰路', '武昌大道', '鄂城大道', '江碧路', '洋澜路', '文星路', '石山大道', '庙岭路', '葛山大道', '华容大道', '梧桐湖大道', '沼山大道', '临江大道'];
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const day = (at: Date) => at.toISOString().slice(0, 10);

function valueOf(recipe: Recipe, i: number, rnd: () => number, today: Date): string | number | boolean | null {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  if ('const' in recipe) {
    return recipe.const;
  }
  if ('cycle' in recipe) {
    return recipe.cycle[i % recipe.cycle.length] ?? null;
  }
  if ('pick' in recipe) {
    return pick(recipe.pick);
  }
  if ('format' in recipe) {
    return recipe.format.replace(/\{i:(\d+)\}/g, (_, w: string) => String(i + 1).padStart(Number(w), '0')).replace(/\{r:(\d+)\}/g, (_, w: string) => digits(Number(w)));
  }
  if ('int' in recipe) {
    return recipe.int[0] + Math.floor(rnd() * (recipe.int[1] - recipe.int[0] + 1));
  }
  if ('num' in recipe) {
    const [min, max, decimals] = recipe.num;
    return Number((min + rnd() * (max - min)).toFixed(decimals));
  }
  if ('date' in recipe) {
    const from = Date.parse(recipe.date[0]);
    const to = recipe.date[1] === 'today' ? today.getTime() : Date.parse(recipe.date[1]);
    return day(new Date(from + Math.floor(rnd() * ((to - from) / 86_400_000 + 1)) * 86_400_000));
  }
  if ('monthDay' in recipe) {
    return `${recipe.monthDay}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  }
  if ('bool' in recipe) {
    return rnd() < recipe.bool;
  }
  if ('lon' in recipe) {
    return Number((114.72 + rnd() * 0.2).toFixed(6));
  }
  if ('lat' in recipe) {
    return Number((30.25 + rnd() * 0.17).toFixed(6));
  }
  if ('phone' in recipe) {
    return `0711-${pick(['3', '5', '8'])}${digits(6)}`;
  }
  if ('credit' in recipe) {
    const body = Array.from({ length: 8 }, () => CREDIT_ALPHABET[Math.floor(rnd() * CREDIT_ALPHABET.length)]).join('');
    const first17 = `91420700${body}${orgCodeCheckChar(body)}`;
    return `${first17}${creditCodeCheckChar(first17)}`;
  }
  if ('address' in recipe) {
    return `湖北省鄂州市${pick(DISTRICTS)}${pick(ROADS)}${1 + Math.floor(rnd() * 300)}号`;
  }
  const { prefix = [''], core, suffix = [''] } = recipe.name;
  return `${pick(prefix)}${pick(core)}${pick(suffix)}`;
}

/** Stops of Ezhou's bus lines, in order along each line, with shared fares and hours per line. */
function busStops(rnd: () => number): Row[] {
  const lines = [
    { no: '1', name: '1路 火车站—樊口', stops: ['鄂州火车站', '鄂州大道口', '寿昌大道', '古楼街', '市中心医院', '南浦路', '凤凰广场', '滨湖南路', '江碧路口', '樊口大桥', '樊口'] },
    { no: '5', name: '5路 鄂州东站—莲花山', stops: ['鄂州东站', '吴都大道', '文星路', '市政府', '洋澜湖公园', '鄂州博物馆', '西山风景区', '莲花山'] },
    { no: '8', name: '8路 汽车客运中心—葛店', stops: ['汽车客运中心', '石山大道', '鄂城大道', '华容区政府', '华容镇', '庙岭', '葛店开发区', '葛店'] },
    { no: '15', name: '15路 花湖机场—鄂州站', stops: ['花湖机场', '燕矶', '杨叶', '沙窝', '鄂州经开区', '凤凰街', '鄂州站'] },
    { no: '21', name: '21路 梁子湖区—市区', stops: ['太和镇', '东沟镇', '梁子湖区政府', '沼山', '长港', '鄂州站'] },
    { no: '32', name: '32路 红莲湖—华容', stops: ['红莲湖', '梧桐湖', '庙岭', '段店', '华容区政府', '临江乡'] },
  ];
  const rows: Row[] = [];
  for (const line of lines) {
    let lon = 114.85 + rnd() * 0.05;
    let lat = 30.38 + rnd() * 0.03;
    const fare = rnd() < 0.5 ? 1 : 2;
    line.stops.forEach((stop, index) => {
      lon += (rnd() - 0.5) * 0.02;
      lat += (rnd() - 0.6) * 0.015;
      rows.push({
        line_no: line.no,
        line_name: line.name,
        stop_name: stop,
        stop_sequence: index + 1,
        longitude: Number(lon.toFixed(6)),
        latitude: Number(lat.toFixed(6)),
        first_bus: '06:00',
        last_bus: rnd() < 0.5 ? '21:00' : '20:30',
        fare,
        operator: '鄂州市公共交通集团有限公司',
      });
    });
  }
  return rows;
}

const AQI_LEVELS: Array<[number, string]> = [[50, '优'], [100, '良'], [150, '轻度污染'], [200, '中度污染'], [300, '重度污染']];

/** Daily air quality of Ezhou's monitoring stations for the last 60 days, AQI consistent with PM2.5. */
function airQuality(rnd: () => number, today: Date): Row[] {
  const rows: Row[] = [];
  for (let d = 60; d >= 1; d--) {
    const date = day(new Date(today.getTime() - d * 86_400_000));
    for (const station of ['鄂州市环境监测站', '鄂城区政府', '华容区政府', '梁子湖区政府']) {
      const pm25 = Math.round(15 + rnd() * 70);
      const pm10 = Math.round(pm25 * (1.3 + rnd() * 0.5));
      const aqi = Math.round(pm25 <= 35 ? (pm25 * 50) / 35 : 50 + ((pm25 - 35) * 50) / 40);
      rows.push({
        station_name: station,
        monitor_date: date,
        aqi,
        primary_pollutant: aqi <= 50 ? '—' : rnd() < 0.7 ? 'PM2.5' : 'O3',
        pm25,
        pm10,
        so2: Math.round(4 + rnd() * 10),
        no2: Math.round(12 + rnd() * 30),
        o3: Math.round(60 + rnd() * 100),
        co: Number((0.4 + rnd() * 0.8).toFixed(1)),
        quality_level: AQI_LEVELS.find(([max]) => aqi <= max)?.[1] ?? '严重污染',
      });
    }
  }
  return rows;
}

/** 12345 hotline figures per month and category for the last 12 months. */
function hotline(rnd: () => number, today: Date): Row[] {
  const categories = ['城市管理', '住房建设', '交通出行', '市场监管', '社会保障', '教育', '医疗卫生', '生态环境', '公共安全', '其他'];
  const rows: Row[] = [];
  for (let m = 12; m >= 1; m--) {
    const at = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 1));
    const month = at.toISOString().slice(0, 7);
    for (const category of categories) {
      const received = Math.round(300 + rnd() * 1700);
      rows.push({
        stat_month: month,
        category,
        received,
        handled: received - Math.round(rnd() * 20),
        on_time_rate: Number((0.93 + rnd() * 0.069).toFixed(3)),
        satisfaction_rate: Number((0.88 + rnd() * 0.11).toFixed(3)),
      });
    }
  }
  return rows;
}

/** Hourly water levels of Ezhou's main lakes over the last three days. */
function lakeLevels(rnd: () => number, today: Date): Row[] {
  const lakes = [
    { name: '梁子湖', code: '61803100', base: 18.2, warning: 20.5, guaranteed: 21.9 },
    { name: '洋澜湖', code: '61803200', base: 17.1, warning: 18.5, guaranteed: 19.3 },
    { name: '三山湖', code: '61803300', base: 17.6, warning: 19.8, guaranteed: 20.6 },
    { name: '鸭儿湖', code: '61803400', base: 17.9, warning: 19.6, guaranteed: 20.4 },
  ];
  const rows: Row[] = [];
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 3 * 86_400_000;
  for (const lake of lakes) {
    let level = lake.base + rnd() * 0.5;
    for (let h = 0; h < 72; h++) {
      level += (rnd() - 0.5) * 0.04;
      rows.push({
        lake_name: lake.name,
        station_code: lake.code,
        observed_at: new Date(start + h * 3_600_000).toISOString(),
        water_level: Number(level.toFixed(2)),
        warning_level: lake.warning,
        guaranteed_level: lake.guaranteed,
        over_warning: level > lake.warning,
      });
    }
  }
  return rows;
}

/** Monthly city-operation indicators over the last 12 months. */
function indicators(rnd: () => number, today: Date): Row[] {
  const list = [
    { code: 'CY-01', name: '12345 热线月受理量', unit: '件', base: 9000, source: '市12345热线中心' },
    { code: 'CY-02', name: '城市管理问题按期结案率', unit: '%', base: 96, source: '市城管执法委' },
    { code: 'CY-03', name: '空气质量优良天数比例', unit: '%', base: 82, source: '市生态环境局' },
    { code: 'CY-04', name: '公交日均客运量', unit: '万人次', base: 12, source: '市交通运输局' },
    { code: 'CY-05', name: '新登记市场主体数', unit: '户', base: 1800, source: '市市场监管局' },
    { code: 'CY-06', name: '政务服务网办率', unit: '%', base: 91, source: '市政数局' },
  ];
  const rows: Row[] = [];
  for (let m = 12; m >= 1; m--) {
    const at = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m + 1, 0));
    for (const i of list) {
      rows.push({ indicator_code: i.code, indicator_name: i.name, stat_date: day(at), value: Number((i.base * (0.92 + rnd() * 0.16)).toFixed(i.unit === '%' ? 1 : 0)), unit: i.unit, source: i.source });
    }
  }
  return rows;
}

/** The rows of one demo dataset as of `today`. */
export function demoRows(name: string, spec: RowSpec, today: Date): Row[] {
  const rnd = random(name);
  switch (spec.generator) {
    case 'busStops':
      return busStops(rnd);
    case 'airQuality':
      return airQuality(rnd, today);
    case 'hotline':
      return hotline(rnd, today);
    case 'lakeLevels':
      return lakeLevels(rnd, today);
    case 'indicators':
      return indicators(rnd, today);
    case undefined:
      break;
  }
  const base = spec.rows ?? [];
  const count = spec.count ?? (base.length > 0 ? base.length : Math.max(1, ...Object.values(spec.fields ?? {}).map((r) => ('cycle' in r ? r.cycle.length : 1))));
  return Array.from({ length: count }, (_, i) => {
    const row: Row = { ...(base[i] ?? {}) };
    for (const [field, recipe] of Object.entries(spec.fields ?? {})) {
      row[field] ??= valueOf(recipe, i, rnd, today);
    }
    return row;
  });
}

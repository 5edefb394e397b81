/**
 * The open-data portal's vocabulary: promised update frequencies and what "overdue" means,
 * themes (数据领域, CKAN groups), licences and distribution formats.
 */

/** 实时 / 每日 / 每月 / 每季度 / 每年: what the owner promises. */
export const FREQUENCIES = ['realtime', 'daily', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = { realtime: '实时', daily: '每日', monthly: '每月', quarterly: '每季度', yearly: '每年' };

/** EU Publications Office frequency vocabulary, for DCAT's dct:accrualPeriodicity. */
export const FREQUENCY_IRIS: Record<Frequency, string> = {
  realtime: 'http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT',
  daily: 'http://publications.europa.eu/resource/authority/frequency/DAILY',
  monthly: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
  quarterly: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY',
  yearly: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
};

/**
 * The period a promise allows, plus a grace for the publishing routine (a daily dataset
 * refreshed the next morning is not late): 实时 1 day, 每日 1 + 1 days, 每月 1 month + 7
 * days, 每季度 3 months + 15 days, 每年 12 months + 30 days.
 */
const ALLOWANCE: Record<Frequency, { months: number; days: number }> = {
  realtime: { months: 0, days: 1 },
  daily: { months: 0, days: 2 },
  monthly: { months: 1, days: 7 },
  quarterly: { months: 3, days: 15 },
  yearly: { months: 12, days: 30 },
};

/** When data last updated at `lastUpdate` falls overdue under `frequency`. */
export function dueAt(frequency: Frequency, lastUpdate: Date): Date {
  const { months, days } = ALLOWANCE[frequency];
  const due = new Date(lastUpdate.getTime());
  if (months > 0) {
    const day = due.getUTCDate();
    due.setUTCDate(1);
    due.setUTCMonth(due.getUTCMonth() + months);
    // 31 January + 1 month is the last day of February, not 3 March.
    const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
    due.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(due.getTime() + days * 86_400_000);
}

export interface Freshness {
  dueAt: Date;
  overdue: boolean;
  /** Whole days past `dueAt`; 0 when not overdue. */
  overdueDays: number;
}

/** A dataset's freshness at `now`. */
export function freshness(due: Date, now: Date): Freshness {
  const late = now.getTime() - due.getTime();
  return { dueAt: due, overdue: late > 0, overdueDays: late > 0 ? Math.floor(late / 86_400_000) : 0 };
}

/** The promise a catalog update cycle suggests (weekly data keeps a monthly promise). */
export function frequencyFromCycle(cycle: string): Frequency {
  switch (cycle) {
    case 'realtime':
    case 'daily':
    case 'monthly':
    case 'quarterly':
    case 'yearly':
      return cycle;
    case 'weekly':
      return 'monthly';
    default:
      return 'yearly';
  }
}

/** 数据领域 after the national open-data classification; each is a CKAN group and maps to an EU data theme (DCAT-AP). */
export const THEMES = [
  { code: 'economy', name: '经贸工商', euTheme: 'ECON' },
  { code: 'transport', name: '交通出行', euTheme: 'TRAN' },
  { code: 'health', name: '医疗卫生', euTheme: 'HEAL' },
  { code: 'education', name: '教育科技', euTheme: 'EDUC' },
  { code: 'culture', name: '文化休闲', euTheme: 'EDUC' },
  { code: 'environment', name: '生态环境', euTheme: 'ENVI' },
  { code: 'urban', name: '城建住房', euTheme: 'REGI' },
  { code: 'social', name: '社保就业', euTheme: 'SOCI' },
  { code: 'safety', name: '公共安全', euTheme: 'JUST' },
  { code: 'finance', name: '财税金融', euTheme: 'ECON' },
  { code: 'agriculture', name: '农业农村', euTheme: 'AGRI' },
  { code: 'credit', name: '信用服务', euTheme: 'ECON' },
  { code: 'government', name: '机构团体', euTheme: 'GOVE' },
  { code: 'resources', name: '资源能源', euTheme: 'ENER' },
  { code: 'services', name: '政务服务', euTheme: 'GOVE' },
] as const;
export type ThemeCode = (typeof THEMES)[number]['code'];
export const THEME_CODES = THEMES.map((t) => t.code) as unknown as readonly [ThemeCode, ...ThemeCode[]];
export const themeOf = (code: string) => THEMES.find((t) => t.code === code);

/** Licences a dataset may carry; ids as CKAN's licence register spells them. */
export const LICENCES = [
  { id: 'cc-by-4.0', title: '知识共享署名 4.0 国际许可协议（CC BY 4.0）', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { id: 'cc-zero', title: '知识共享 CC0 1.0 公共领域贡献', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  { id: 'odc-by', title: '开放数据共享署名许可（ODC-By 1.0）', url: 'https://opendatacommons.org/licenses/by/1-0/' },
] as const;
export type LicenceId = (typeof LICENCES)[number]['id'];
export const LICENCE_IDS = LICENCES.map((l) => l.id) as unknown as readonly [LicenceId, ...LicenceId[]];
export const licenceOf = (id: string) => LICENCES.find((l) => l.id === id);

/** Distribution formats: files generated from the rows, and the row API. */
export const FORMATS = ['CSV', 'JSON', 'XLSX', 'API'] as const;
export type Format = (typeof FORMATS)[number];

/** 无条件开放: anyone downloads; 有条件开放: an approved applicant's API key. */
export type Access = 'unconditional' | 'conditional';

/** An open field: a column of the dataset's distributions. */
export interface OpenField {
  name: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'date' | 'datetime' | 'boolean';
  description: string;
}

export type Row = Record<string, string | number | boolean | null>;

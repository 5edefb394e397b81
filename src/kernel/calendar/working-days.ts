/**
 * The Chinese working-day calendar: weekends are off unless the State Council made them
 * make-up working days (调休上班), public holidays are off. Dates are plain `YYYY-MM-DD`
 * strings meaning calendar days in Asia/Shanghai; no instant or time zone is involved
 * except in {@link todayInShanghai}.
 */

/** One year's schedule, as stored in `cn-<year>.json` (see calendar-data.ts). */
export interface CalendarYear {
  year: number;
  /** Where the data came from, e.g. `chinese-days 1.5.7` or the notice's number. */
  source: string;
  /**
   * False for a draft: its days are applied, but the year still counts as unpublished and
   * every result that touches it is flagged.
   */
  published: boolean;
  /** Days off, date → holiday name (weekends inside a holiday span included). */
  holidays: Readonly<Record<string, string>>;
  /** Make-up working days on a Saturday or Sunday, date → label. */
  workdays: Readonly<Record<string, string>>;
  notes?: string;
}

export interface DeadlineResult {
  date: string;
  /**
   * Years without a published schedule that the count passed through or ended in, in
   * ascending order. In those years plain Monday–Friday counting was used: the date may
   * move once the State Council publishes the schedule.
   */
  unpublishedYears: number[];
}

export interface WorkingDayCount {
  days: number;
  /** As in {@link DeadlineResult}. */
  unpublishedYears: number[];
}

export type DayKind = 'holiday' | 'makeup-workday' | 'weekend' | 'weekday';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Holiday name or make-up working day label. */
  name?: string;
  /** Whether the day's year has a published schedule. */
  published: boolean;
}

export interface WorkingCalendar {
  /** Whether `date` is a working day. Throws a RangeError for a malformed date. */
  isWorkingDay(date: string): boolean;
  /** What kind of day `date` is and why. */
  describeDay(date: string): DayInfo;
  /**
   * The statutory deadline counting rule: day 1 is the first working day after `start`
   * (whatever kind of day `start` is), and the result is day `n`. `n` = 0 returns `start`.
   * Never fails for a year without a schedule: it is counted Monday–Friday and listed in
   * `unpublishedYears`.
   */
  addWorkingDays(start: string, n: number): DeadlineResult;
  /**
   * Working days after `a` up to and including `b`, so that
   * `workingDaysBetween(a, addWorkingDays(a, n).date).days === n`. Negative when `b` is
   * before `a`.
   */
  workingDaysBetween(a: string, b: string): WorkingDayCount;
  /** Years with a published schedule, ascending. */
  publishedYears(): number[];
}

/** Counting more working days than this is taken for a bug, not a deadline. */
const MAX_WORKING_DAYS = 100_000;
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Builds a calendar from yearly schedules. Each year's holidays and make-up working days
 * must lie in that year (calendar-data.ts checks this when loading files); if two entries
 * are given for the same year the later one wins.
 */
export function createWorkingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  const published = new Set<number>();
  const byYear = new Map<number, CalendarYear>();
  for (const y of years) {
    byYear.set(y.year, y);
  }
  for (const y of byYear.values()) {
    if (y.published) {
      published.add(y.year);
    }
    for (const [date, name] of Object.entries(y.holidays)) {
      holidays.set(date, name);
    }
    for (const [date, name] of Object.entries(y.workdays)) {
      workdays.set(date, name);
    }
  }

  function infoOf(dayNumber: number): DayInfo {
    const date = fromDayNumber(dayNumber);
    const isPublished = published.has(yearOf(dayNumber));
    const holiday = holidays.get(date);
    if (holiday !== undefined) {
      return { date, working: false, kind: 'holiday', name: holiday, published: isPublished };
    }
    const workday = workdays.get(date);
    if (workday !== undefined) {
      return { date, working: true, kind: 'makeup-workday', name: workday, published: isPublished };
    }
    const weekday = new Date(dayNumber * MS_PER_DAY).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', published: isPublished };
  }

  /** Counts working days in (from, to] and collects unpublished years on the way. */
  function countForward(from: number, to: number): WorkingDayCount {
    const unpublished = new Set<number>();
    let days = 0;
    for (let d = from + 1; d <= to; d++) {
      const info = infoOf(d);
      if (!info.published) {
        unpublished.add(yearOf(d));
      }
      if (info.working) {
        days++;
      }
    }
    return { days, unpublishedYears: sorted(unpublished) };
  }

  return {
    isWorkingDay(date) {
      return infoOf(toDayNumber(date)).working;
    },
    describeDay(date) {
      return infoOf(toDayNumber(date));
    },
    addWorkingDays(start, n) {
      const from = toDayNumber(start);
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
        throw new RangeError(`working days must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
      }
      const unpublished = new Set<number>();
      let day = from;
      let counted = 0;
      while (counted < n) {
        day++;
        const info = infoOf(day);
        if (!info.published) {
          unpublished.add(yearOf(day));
        }
        if (info.working) {
          counted++;
        }
      }
      if (n === 0 && !published.has(yearOf(day))) {
        unpublished.add(yearOf(day));
      }
      return { date: fromDayNumber(day), unpublishedYears: sorted(unpublished) };
    },
    workingDaysBetween(a, b) {
      const da = toDayNumber(a);
      const db = toDayNumber(b);
      if (db >= da) {
        return countForward(da, db);
      }
      const back = countForward(db, da);
      return { days: -back.days, unpublishedYears: back.unpublishedYears };
    },
    publishedYears() {
      return sorted(published);
    },
  };
}

/** True for a real calendar date written `YYYY-MM-DD` (years 1000–9999). */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** The calendar date of `instant` in Asia/Shanghai, as `YYYY-MM-DD`; defaults to now. */
export function todayInShanghai(instant: Date = new Date()): string {
  const ms = instant.getTime();
  // Fixed UTC+8 since daylight saving ended in 1991: plain arithmetic, as the hot paths
  // (every gateway call, every imported row) want; older instants ask the tz database.
  if (ms >= FIXED_OFFSET_SINCE) {
    return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  }
  const parts = SHANGHAI_DATE.formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Days since 1970-01-01 for a `YYYY-MM-DD` date, or null when it is not a real date. */
function parseIsoDate(value: string): number | null {
  const m = ISO_DATE.exec(value);
  if (m === null) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000) {
    return null;
  }
  const ms = Date.UTC(y, mo - 1, d);
  const probe = new Date(ms);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return ms / MS_PER_DAY;
}

function toDayNumber(date: string): number {
  const n = parseIsoDate(date);
  if (n === null) {
    throw new RangeError(`expected a date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return n;
}

function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

function sorted(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

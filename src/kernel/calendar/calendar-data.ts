/**
 * Loading the yearly schedules. Each year is one file `cn-<year>.json`:
 *
 * ```json
 * { "year": 2026, "source": "chinese-days 1.5.7", "published": true,
 *   "holidays": { "2026-01-01": "元旦" }, "workdays": { "2026-01-04": "元旦调休" } }
 * ```
 *
 * Every date must lie in the file's year; make-up working days must be Saturdays or
 * Sundays; a date cannot be both. An optional `notes` string is allowed; any other key is
 * an error, so that a misspelt `workday` is not silently ignored.
 *
 * yiwang ships the years 2004–2026 in `data/calendar`; an operator adds or corrects a year
 * by putting a file into `${DATA_DIR}/calendar`, which overrides the shipped file for
 * that year. No code change is needed when the State Council publishes a new year.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkingCalendar, isIsoDate, type CalendarYear, type WorkingCalendar } from './working-days.js';

/** A calendar file that cannot be used; names the file and the offending key. */
export class CalendarDataError extends Error {
  readonly code = 'CALENDAR_DATA_INVALID';
  override readonly name = 'CalendarDataError';

  constructor(
    readonly file: string,
    readonly key: string,
    detail: string,
  ) {
    super(`${file}: ${key === '' ? '' : `${key}: `}${detail}`);
  }
}

/** The directory of the calendar files shipped with yiwang (`data/calendar`). */
export const SHIPPED_CALENDAR_DIR = fileURLToPath(new URL('../../../data/calendar/', import.meta.url));

const FILE_NAME = /^cn-(\d{4})\.json$/;
const ALLOWED_KEYS = new Set(['year', 'source', 'published', 'holidays', 'workdays', 'notes']);

/**
 * Reads every `cn-*.json` in `dirs` and builds the calendar. A later directory overrides
 * an earlier one year by year (the whole file replaces the earlier one). A directory that
 * does not exist is skipped; an unreadable or invalid file throws a
 * {@link CalendarDataError}.
 */
export async function loadCalendar(dirs: readonly string[]): Promise<WorkingCalendar> {
  return createWorkingCalendar([...(await readCalendarYears(dirs)).values()].map((entry) => entry.data));
}

/** The schedules found in `dirs`, by year, with the file each one came from. */
export async function readCalendarYears(
  dirs: readonly string[],
): Promise<Map<number, { file: string; data: CalendarYear }>> {
  const years = new Map<number, { file: string; data: CalendarYear }>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        continue;
      }
      throw err;
    }
    for (const name of names.sort()) {
      if (!name.startsWith('cn-') || !name.endsWith('.json')) {
        continue;
      }
      const file = join(dir, name);
      const match = FILE_NAME.exec(name);
      if (match === null) {
        throw new CalendarDataError(file, '', 'calendar files must be named cn-<four-digit year>.json');
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new CalendarDataError(file, '', `cannot be read: ${(err as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new CalendarDataError(file, '', `is not valid JSON: ${(err as Error).message}`);
      }
      const data = parseCalendarYear(json, file, Number(match[1]));
      years.set(data.year, { file, data });
    }
  }
  return years;
}

/**
 * Validates one year's schedule. `file` is used in error messages; when `expectedYear`
 * is given (from the file name) the `year` field must equal it.
 */
export function parseCalendarYear(json: unknown, file: string, expectedYear?: number): CalendarYear {
  if (!isPlainObject(json)) {
    throw new CalendarDataError(file, '', 'must contain a JSON object');
  }
  for (const key of Object.keys(json)) {
    if (!ALLOWED_KEYS.has(key)) {
      throw new CalendarDataError(file, key, `unknown key (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
    }
  }
  const { year, source, published, holidays, workdays, notes } = json;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new CalendarDataError(file, 'year', 'must be a four-digit integer');
  }
  if (expectedYear !== undefined && year !== expectedYear) {
    throw new CalendarDataError(file, 'year', `is ${year} but the file name says ${expectedYear}`);
  }
  if (typeof source !== 'string' || source.trim() === '') {
    throw new CalendarDataError(file, 'source', 'must be a non-empty string');
  }
  if (typeof published !== 'boolean') {
    throw new CalendarDataError(file, 'published', 'must be true or false');
  }
  if (notes !== undefined && typeof notes !== 'string') {
    throw new CalendarDataError(file, 'notes', 'must be a string');
  }
  const holidayMap = dayMap(holidays, 'holidays', file, year);
  const workdayMap = dayMap(workdays, 'workdays', file, year);
  for (const date of Object.keys(workdayMap)) {
    if (Object.hasOwn(holidayMap, date)) {
      throw new CalendarDataError(file, `workdays["${date}"]`, 'is also listed in holidays');
    }
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      throw new CalendarDataError(file, `workdays["${date}"]`, 'a make-up working day must be a Saturday or Sunday');
    }
  }
  const result: CalendarYear = { year, source, published, holidays: holidayMap, workdays: workdayMap };
  if (notes !== undefined) {
    result.notes = notes;
  }
  return result;
}

function dayMap(value: unknown, key: string, file: string, year: number): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new CalendarDataError(file, key, 'must be an object mapping YYYY-MM-DD to a name');
  }
  const out: Record<string, string> = {};
  for (const [date, name] of Object.entries(value)) {
    const where = `${key}["${date}"]`;
    if (!isIsoDate(date)) {
      throw new CalendarDataError(file, where, 'is not a real date written YYYY-MM-DD');
    }
    if (Number(date.slice(0, 4)) !== year) {
      throw new CalendarDataError(file, where, `lies outside ${year}; put it in cn-${date.slice(0, 4)}.json`);
    }
    if (typeof name !== 'string' || name.trim() === '') {
      throw new CalendarDataError(file, where, 'must name the holiday (a non-empty string)');
    }
    out[date] = name;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

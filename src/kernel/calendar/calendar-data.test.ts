import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CalendarDataError,
  SHIPPED_CALENDAR_DIR,
  loadCalendar,
  parseCalendarYear,
  readCalendarYears,
} from './calendar-data.js';

const valid2027 = (): Record<string, unknown> => ({
  year: 2027,
  source: 'test',
  published: true,
  holidays: { '2027-01-01': '元旦' },
  workdays: { '2027-01-09': '元旦调休' },
});

/** Runs `fn` and returns the CalendarDataError it throws. */
function dataError(fn: () => unknown): CalendarDataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CalendarDataError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a CalendarDataError');
}

describe('parseCalendarYear', () => {
  it('accepts a well-formed year', () => {
    expect(parseCalendarYear(valid2027(), 'cn-2027.json', 2027)).toEqual(valid2027());
  });

  it('keeps optional notes', () => {
    expect(parseCalendarYear({ ...valid2027(), notes: '国办发明电〔2026〕X号' }, 'f', 2027).notes).toBe(
      '国办发明电〔2026〕X号',
    );
  });

  it.each<[string, (d: Record<string, unknown>) => void, string]>([
    ['a year that disagrees with the file name', (d) => (d.year = 2028), 'year'],
    ['a year that is not an integer', (d) => (d.year = '2027'), 'year'],
    ['a missing source', (d) => delete d.source, 'source'],
    ['published given as a string', (d) => (d.published = 'yes'), 'published'],
    ['holidays given as an array', (d) => (d.holidays = ['2027-01-01']), 'holidays'],
    ['a misspelt key', (d) => (d.workday = {}), 'workday'],
    ['an impossible date', (d) => (d.holidays = { '2027-02-30': '春节' }), 'holidays["2027-02-30"]'],
    ['a date in another year', (d) => (d.holidays = { '2026-12-31': '元旦' }), 'holidays["2026-12-31"]'],
    ['a date written without zero padding', (d) => (d.holidays = { '2027-1-1': '元旦' }), 'holidays["2027-1-1"]'],
    ['an empty holiday name', (d) => (d.holidays = { '2027-01-01': ' ' }), 'holidays["2027-01-01"]'],
    ['a holiday name that is not a string', (d) => (d.holidays = { '2027-01-01': 1 }), 'holidays["2027-01-01"]'],
    ['a make-up working day on a weekday', (d) => (d.workdays = { '2027-01-04': '元旦调休' }), 'workdays["2027-01-04"]'],
    [
      'a day that is both holiday and working day',
      (d) => (d.holidays = { '2027-01-09': '元旦' }),
      'workdays["2027-01-09"]',
    ],
  ])('rejects %s, naming the file and the key', (_label, mutate, key) => {
    const data = valid2027();
    mutate(data);
    const err = dataError(() => parseCalendarYear(data, '/ops/calendar/cn-2027.json', 2027));
    expect(err.code).toBe('CALENDAR_DATA_INVALID');
    expect(err.file).toBe('/ops/calendar/cn-2027.json');
    expect(err.key).toBe(key);
    expect(err.message).toContain('/ops/calendar/cn-2027.json');
    expect(err.message).toContain(key);
  });

  it('rejects something that is not an object', () => {
    expect(dataError(() => parseCalendarYear([], 'cn-2027.json')).key).toBe('');
    expect(dataError(() => parseCalendarYear(null, 'cn-2027.json')).key).toBe('');
  });
});

describe('loadCalendar and readCalendarYears', () => {
  let base: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'yiwang-calendar-data-'));
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function dirWith(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(base, name);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      await writeFile(join(dir, file), text);
    }
    return dir;
  }

  it('loads every shipped year and validates it', async () => {
    const years = await readCalendarYears([SHIPPED_CALENDAR_DIR]);
    const files = (await readdir(SHIPPED_CALENDAR_DIR)).filter((n) => n.startsWith('cn-'));
    expect(years.size).toBe(files.length);
    expect([...years.values()].every((y) => y.data.published)).toBe(true);
  });

  it('lets a later directory override a year of an earlier one', async () => {
    const shipped = await dirWith('shipped', { 'cn-2027.json': JSON.stringify(valid2027()) });
    const ops = await dirWith('ops', {
      'cn-2027.json': JSON.stringify({ ...valid2027(), source: 'ops', holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' } }),
    });
    const years = await readCalendarYears([shipped, ops]);
    expect(years.get(2027)?.file).toBe(join(ops, 'cn-2027.json'));
    const calendar = await loadCalendar([shipped, ops]);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(false);
    const reversed = await loadCalendar([ops, shipped]);
    expect(reversed.isWorkingDay('2027-01-04')).toBe(true);
  });

  it('skips a directory that does not exist', async () => {
    const calendar = await loadCalendar([join(base, 'missing')]);
    expect(calendar.publishedYears()).toEqual([]);
  });

  it('ignores files that are not calendar files', async () => {
    const dir = await dirWith('d', { 'README.md': '#', 'holidays.json': '{}' });
    expect((await readCalendarYears([dir])).size).toBe(0);
  });

  it('rejects a calendar file name without a four-digit year', async () => {
    const dir = await dirWith('d', { 'cn-27.json': JSON.stringify(valid2027()) });
    await expect(loadCalendar([dir])).rejects.toMatchObject({
      code: 'CALENDAR_DATA_INVALID',
      file: join(dir, 'cn-27.json'),
    });
  });

  it('rejects invalid JSON, naming the file', async () => {
    const dir = await dirWith('d', { 'cn-2027.json': '{ "year": 2027, ' });
    await expect(loadCalendar([dir])).rejects.toThrow(join(dir, 'cn-2027.json'));
  });

  it('rejects a file whose year disagrees with its name', async () => {
    const dir = await dirWith('d', { 'cn-2028.json': JSON.stringify(valid2027()) });
    await expect(loadCalendar([dir])).rejects.toMatchObject({ key: 'year', file: join(dir, 'cn-2028.json') });
  });
});

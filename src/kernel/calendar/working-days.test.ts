import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR_DIR, loadCalendar } from './calendar-data.js';
import { createWorkingCalendar, isIsoDate, todayInShanghai, type WorkingCalendar } from './working-days.js';

let calendar: WorkingCalendar;

beforeAll(async () => {
  calendar = await loadCalendar([SHIPPED_CALENDAR_DIR]);
});

const add = (start: string, n: number): string => calendar.addWorkingDays(start, n).date;

describe('the shipped calendar', () => {
  it('has every year from 2004 to 2026 published', () => {
    expect(calendar.publishedYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('treats plain weekdays as working and plain weekends as off', () => {
    expect(calendar.isWorkingDay('2024-03-13')).toBe(true); // Wednesday
    expect(calendar.isWorkingDay('2024-03-16')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2024-03-17')).toBe(false); // Sunday
  });
});

describe('Spring Festival 2024 (Feb 10–17 off; Sundays Feb 4 and Feb 18 worked)', () => {
  it('marks the holiday and the two make-up Sundays', () => {
    expect(calendar.isWorkingDay('2024-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2024-02-09')).toBe(true); // 除夕 was not a day off in 2024
    for (let d = 10; d <= 17; d++) {
      expect(calendar.isWorkingDay(`2024-02-${d}`)).toBe(false);
    }
    expect(calendar.isWorkingDay('2024-02-18')).toBe(true);
    expect(calendar.describeDay('2024-02-18')).toMatchObject({ kind: 'makeup-workday', name: '春节调休' });
    expect(calendar.describeDay('2024-02-12')).toMatchObject({ kind: 'holiday', name: '春节' });
  });

  it('counts from 2024-02-09: day 1 is the make-up Sunday 2024-02-18', () => {
    expect(add('2024-02-09', 1)).toBe('2024-02-18');
    expect(add('2024-02-09', 2)).toBe('2024-02-19');
    expect(add('2024-02-09', 5)).toBe('2024-02-22');
  });

  it('counts the make-up Sunday 2024-02-04 and skips the Saturday before it', () => {
    expect(add('2024-02-02', 1)).toBe('2024-02-04');
  });

  it('counts across both make-up Sundays', () => {
    // Feb 2 (1), Feb 4 (2), Feb 5–9 (3–7), Feb 18 (8), Feb 19 (9), Feb 20 (10).
    expect(add('2024-02-01', 10)).toBe('2024-02-20');
    expect(calendar.workingDaysBetween('2024-02-01', '2024-02-20').days).toBe(10);
  });
});

describe('National Day 2025 (Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked)', () => {
  it('marks the holiday and the two make-up days', () => {
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, worked
    for (let d = 1; d <= 8; d++) {
      expect(calendar.isWorkingDay(`2025-10-0${d}`)).toBe(false);
    }
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, worked
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('counts deadlines through it', () => {
    expect(add('2025-09-26', 1)).toBe('2025-09-28');
    expect(add('2025-09-26', 3)).toBe('2025-09-30');
    expect(add('2025-09-30', 1)).toBe('2025-10-09');
    expect(add('2025-09-30', 3)).toBe('2025-10-11');
    expect(add('2025-09-30', 4)).toBe('2025-10-13');
  });
});

describe('2026', () => {
  it('has New Year Jan 1–3 off and Sunday Jan 4 worked', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true);
    expect(add('2025-12-31', 1)).toBe('2026-01-04');
  });

  it('has Spring Festival Feb 15–23 off with Saturdays Feb 14 and Feb 28 worked', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(add('2026-02-13', 1)).toBe('2026-02-14');
    expect(add('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('has National Day Oct 1–7 off with Sunday Sep 20 and Saturday Oct 10 worked', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(add('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('gives results inside published years with no flag', () => {
    expect(calendar.addWorkingDays('2026-03-02', 20)).toEqual({ date: '2026-03-30', unpublishedYears: [] });
  });
});

describe('years without a published schedule', () => {
  it('flags a deadline that runs into 2027 and counts Monday–Friday there', () => {
    // Dec 28–31 (1–4), Jan 1 2027 is a Friday and counts without a schedule (5), Jan 4–8 (6–10).
    expect(calendar.addWorkingDays('2026-12-25', 10)).toEqual({ date: '2027-01-08', unpublishedYears: [2027] });
  });

  it('lists every unpublished year the count passes through', () => {
    expect(calendar.addWorkingDays('2026-12-01', 300).unpublishedYears).toEqual([2027, 2028]);
  });

  it('flags a count that ends inside the published year as clean', () => {
    expect(calendar.addWorkingDays('2026-12-24', 4)).toEqual({ date: '2026-12-30', unpublishedYears: [] });
  });

  it('flags a zero-day count that starts in an unpublished year', () => {
    expect(calendar.addWorkingDays('2027-03-01', 0)).toEqual({ date: '2027-03-01', unpublishedYears: [2027] });
    expect(calendar.addWorkingDays('2026-03-01', 0)).toEqual({ date: '2026-03-01', unpublishedYears: [] });
  });

  it('flags years before the data too', () => {
    // Dec 31 2003 (1), Jan 1 2004 is 元旦, Jan 2 (2), Jan 5 (3).
    expect(calendar.addWorkingDays('2003-12-30', 3)).toEqual({ date: '2004-01-05', unpublishedYears: [2003] });
  });

  it('reports the flag from workingDaysBetween as well', () => {
    expect(calendar.workingDaysBetween('2026-12-25', '2027-01-08')).toEqual({ days: 10, unpublishedYears: [2027] });
  });

  it('marks days of an unpublished year as such', () => {
    expect(calendar.describeDay('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: true,
      kind: 'weekday',
      published: false,
    });
  });
});

describe('an operator-supplied year', () => {
  let dir: string;
  let withOperator: WorkingCalendar;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yiwang-calendar-'));
    const cn2027 = {
      year: 2027,
      source: 'hand-written for a test',
      published: true,
      holidays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' },
      workdays: { '2027-01-09': '元旦调休' },
    };
    await writeFile(join(dir, 'cn-2027.json'), JSON.stringify(cn2027));
    await writeFile(join(dir, 'README.md'), 'not a calendar file');
    withOperator = await loadCalendar([SHIPPED_CALENDAR_DIR, dir]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes 2027 published without a code change', () => {
    expect(withOperator.publishedYears()).toContain(2027);
    expect(withOperator.isWorkingDay('2027-01-01')).toBe(false);
    expect(withOperator.isWorkingDay('2027-01-09')).toBe(true); // Saturday, worked
  });

  it('counts the same deadline with the new data and without the flag', () => {
    // Jan 1 2027 is now a holiday and Saturday Jan 9 is worked: Dec 28–31 (1–4), Jan 4–8 (5–9), Jan 9 (10).
    expect(withOperator.addWorkingDays('2026-12-25', 10)).toEqual({ date: '2027-01-09', unpublishedYears: [] });
    expect(calendar.addWorkingDays('2026-12-25', 10)).toEqual({ date: '2027-01-08', unpublishedYears: [2027] });
  });

  it('leaves the shipped years alone', () => {
    expect(withOperator.isWorkingDay('2026-02-28')).toBe(true);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('start on a non-working day: day 1 is still the first working day after it', () => {
    expect(add('2024-03-16', 1)).toBe('2024-03-18'); // from a Saturday
    expect(add('2024-02-12', 1)).toBe('2024-02-18'); // from inside the holiday
  });

  it('return the start for zero days', () => {
    expect(add('2024-03-16', 0)).toBe('2024-03-16');
  });

  it('are inverse to each other', () => {
    for (const start of ['2024-01-31', '2024-09-13', '2025-09-26', '2026-02-10']) {
      for (const n of [1, 2, 5, 10, 20, 60]) {
        const end = add(start, n);
        expect(calendar.workingDaysBetween(start, end).days).toBe(n);
      }
    }
  });

  it('counts backwards as a negative number', () => {
    expect(calendar.workingDaysBetween('2024-02-20', '2024-02-01').days).toBe(-10);
    expect(calendar.workingDaysBetween('2024-02-20', '2024-02-20').days).toBe(0);
  });

  it('cross month and leap-day boundaries correctly', () => {
    expect(add('2024-02-28', 1)).toBe('2024-02-29');
    expect(add('2024-02-29', 1)).toBe('2024-03-01');
    expect(add('2023-02-28', 1)).toBe('2023-03-01');
  });

  it.each([-1, 1.5, Number.NaN, 100_001])('reject %s days', (n) => {
    expect(() => calendar.addWorkingDays('2024-02-01', n)).toThrow(RangeError);
  });

  it.each(['2024-2-1', '2024-02-30', '20240201', '2024-02-01T00:00:00Z', '', "'; DROP TABLE x;--"])(
    'reject the malformed date %j',
    (date) => {
      expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(date, 1)).toThrow(RangeError);
    },
  );
});

describe('createWorkingCalendar', () => {
  it('counts an unpublished draft year with its days but keeps flagging it', () => {
    const draft = createWorkingCalendar([
      { year: 2030, source: 'draft', published: false, holidays: { '2030-01-01': '元旦' }, workdays: {} },
    ]);
    expect(draft.isWorkingDay('2030-01-01')).toBe(false);
    expect(draft.publishedYears()).toEqual([]);
    expect(draft.addWorkingDays('2029-12-31', 1)).toEqual({ date: '2030-01-02', unpublishedYears: [2030] });
  });

  it('is independent of the process time zone', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(add('2024-02-09', 1)).toBe('2024-02-18');
      process.env.TZ = 'Pacific/Kiritimati';
      expect(add('2024-02-09', 1)).toBe('2024-02-18');
    } finally {
      process.env.TZ = original;
    }
  });
});

describe('date helpers', () => {
  it('isIsoDate accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('0999-01-01')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
  });

  it('todayInShanghai reads the date in UTC+8', () => {
    expect(todayInShanghai(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(todayInShanghai(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('todayInShanghai agrees with the tz database, including the daylight-saving summers before 1992', () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    // 1988-07-01T15:30Z was 00:30 the next day under daylight saving (UTC+9).
    expect(todayInShanghai(new Date('1988-07-01T15:30:00Z'))).toBe('1988-07-02');
    for (let ms = Date.UTC(1991, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 7_919_999_999) {
      expect(todayInShanghai(new Date(ms))).toBe(tz.format(new Date(ms)));
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar, SHIPPED_CALENDAR_DIR, type WorkingCalendar } from '../../kernel/calendar/index.js';
import { deadlineState, resumeClock, startClock, suspendClock, workingDaysLeft } from './deadline-clock.js';

// The shipped schedules: 2025 国庆节+中秋 1–8 October off, Sunday 28 September and Saturday
// 11 October worked; 2026 中秋 25–27 September and 国庆节 1–7 October off, Sunday
// 20 September and Saturday 10 October worked.
let calendar: WorkingCalendar;

beforeAll(async () => {
  calendar = await loadCalendar([SHIPPED_CALENDAR_DIR]);
});

describe('startClock', () => {
  it('counts a make-up Sunday as a working day and skips the National Day holiday', () => {
    // Friday 26 Sept 2025: 28 (Sun, worked) 29 30 | 1–8 off | 9 10 → day 5 is Friday 10 Oct.
    expect(startClock(calendar, '2025-09-26', 5)).toMatchObject({ acceptedOn: '2025-09-26', dueOn: '2025-10-10', remainingDays: 5, unpublishedYears: [] });
  });

  it('may end on a make-up Saturday', () => {
    // Tuesday 30 Sept 2025: 9 10 11 (Sat, worked).
    expect(startClock(calendar, '2025-09-30', 3).dueOn).toBe('2025-10-11');
    // Wednesday 30 Sept 2026: 8 9 10 (Sat, worked).
    expect(startClock(calendar, '2026-09-30', 3).dueOn).toBe('2026-10-10');
    expect(startClock(calendar, '2026-09-30', 2).dueOn).toBe('2026-10-09');
  });

  it('counts across the 2026 Mid-Autumn holiday and its make-up Sunday', () => {
    // Friday 18 Sept 2026: 20 (Sun, worked) 21 22.
    expect(startClock(calendar, '2026-09-18', 3).dueOn).toBe('2026-09-22');
    // Thursday 24 Sept 2026: 25–27 off, 28 29 30, 1–7 off, 8.
    expect(startClock(calendar, '2026-09-24', 4).dueOn).toBe('2026-10-08');
  });

  it('is due the same day for 即办 (0 working days)', () => {
    expect(startClock(calendar, '2025-10-03', 0).dueOn).toBe('2025-10-03');
  });

  it('flags a deadline counted into a year without a published schedule', () => {
    expect(startClock(calendar, '2026-12-28', 10).unpublishedYears).toEqual([2027]);
  });
});

describe('suspendClock and resumeClock (补正)', () => {
  it('keeps the working days left when stopped and restarts with them after the holiday', () => {
    const started = startClock(calendar, '2025-09-26', 5);
    // Sent back on Monday 29 Sept: 28 and 29 are used; 30, 9 and 10 are left.
    const stopped = suspendClock(calendar, started, '2025-09-29');
    expect(stopped).toMatchObject({ remainingDays: 3, dueOn: null, suspendedOn: '2025-09-29' });
    // Resubmitted during the holiday (Thursday 2 Oct): 9, 10 and the make-up Saturday 11.
    const resumed = resumeClock(calendar, stopped, '2025-10-02');
    expect(resumed).toMatchObject({ startedOn: '2025-10-02', dueOn: '2025-10-11', suspendedOn: null, remainingDays: 3, acceptedOn: '2025-09-26' });
    // Only 30 Sept was a working day spent in correction.
    expect(resumed.suspendedDays).toBe(1);
  });

  it('leaves the whole limit when sent back on the day of acceptance', () => {
    const stopped = suspendClock(calendar, startClock(calendar, '2025-09-26', 5), '2025-09-26');
    expect(stopped.remainingDays).toBe(5);
    // From Tuesday 30 Sept: 9, 10, 11 (Sat, worked), 13, 14.
    expect(resumeClock(calendar, stopped, '2025-09-30').dueOn).toBe('2025-10-14');
  });

  it('leaves nothing when sent back after the deadline', () => {
    const stopped = suspendClock(calendar, startClock(calendar, '2025-09-26', 1), '2025-09-30');
    expect(stopped.remainingDays).toBe(0);
    expect(resumeClock(calendar, stopped, '2025-10-09').dueOn).toBe('2025-10-09');
  });

  it('adds up the working days of several corrections', () => {
    let clock = startClock(calendar, '2025-09-26', 5);
    clock = resumeClock(calendar, suspendClock(calendar, clock, '2025-09-28'), '2025-09-30');
    clock = resumeClock(calendar, suspendClock(calendar, clock, '2025-10-09'), '2025-10-13');
    // 29, 30 in the first correction; 10, 11 (Sat, worked), 13 in the second.
    expect(clock.suspendedDays).toBe(5);
    // 28 used before the first; 9 used before the second: 3 left from Monday 13 Oct.
    expect(clock.dueOn).toBe('2025-10-16');
  });
});

describe('deadlineState', () => {
  it('warns within the given working days, holidays not counted, and is overdue after the day', () => {
    expect(deadlineState(calendar, '2025-10-10', '2025-09-26', 2)).toBe('normal');
    // On 8 Oct (holiday) only 9 and 10 are left.
    expect(workingDaysLeft(calendar, '2025-10-10', '2025-10-08')).toBe(2);
    expect(deadlineState(calendar, '2025-10-10', '2025-10-08', 2)).toBe('warning');
    // On 30 Sept, 9 and 10 are left as well: the holiday gives no extra time.
    expect(deadlineState(calendar, '2025-10-10', '2025-09-30', 2)).toBe('warning');
    expect(deadlineState(calendar, '2025-10-10', '2025-09-29', 2)).toBe('normal');
    expect(deadlineState(calendar, '2025-10-10', '2025-10-10', 2)).toBe('warning');
    expect(deadlineState(calendar, '2025-10-10', '2025-10-11', 2)).toBe('overdue');
  });
});

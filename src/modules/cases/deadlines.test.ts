import { beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar, SHIPPED_CALENDAR_DIR, type WorkingCalendar } from '../../kernel/calendar/index.js';
import { computeDeadline, endOfShanghaiDay, warningOf } from './deadlines.js';

let calendar: WorkingCalendar;
const at = (local: string) => new Date(`${local}+08:00`);
const limits = { urgentHours: 4, limitDays: 5 };

beforeAll(async () => {
  calendar = await loadCalendar([SHIPPED_CALENDAR_DIR]);
});

describe('computeDeadline', () => {
  it('counts working days from the Shanghai date of dispatch, not the UTC one', () => {
    // 07:00 on Monday 23 Nov in Shanghai is still Sunday in UTC.
    const d = computeDeadline(calendar, at('2026-11-23T07:00:00'), 'normal', limits);
    expect(d).toMatchObject({ dueOn: '2026-11-30', limitDays: 5, limitHours: null });
    expect(d.deadlineAt.toISOString()).toBe(endOfShanghaiDay('2026-11-30').toISOString());
    expect(d.deadlineAt.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    expect(computeDeadline(calendar, at('2025-09-26T10:00:00'), 'normal', limits).dueOn).toBe('2025-10-10');
  });

  it('counts hours for urgent cases, holidays included', () => {
    const d = computeDeadline(calendar, at('2025-10-01T10:00:00'), 'urgent', limits);
    expect(d).toMatchObject({ dueOn: null, limitHours: 4, limitDays: null });
    expect(d.deadlineAt.toISOString()).toBe(at('2025-10-01T14:00:00').toISOString());
  });
});

describe('warningOf', () => {
  it('turns yellow on the last working day but one, even when that is across a weekend', () => {
    const deadline = computeDeadline(calendar, at('2026-11-20T10:00:00'), 'normal', { urgentHours: 4, limitDays: 3 });
    expect(deadline.dueOn).toBe('2026-11-25');
    expect(warningOf(calendar, deadline, at('2026-11-22T10:00:00'))).toBe('none');
    expect(warningOf(calendar, deadline, at('2026-11-24T00:00:00'))).toBe('yellow');
    expect(warningOf(calendar, deadline, at('2026-11-25T23:59:59'))).toBe('yellow');
    expect(warningOf(calendar, deadline, at('2026-11-26T00:00:00'))).toBe('red');
  });

  it('turns an hour limit yellow in its last quarter', () => {
    const deadline = computeDeadline(calendar, at('2026-11-20T10:00:00'), 'urgent', limits);
    expect(warningOf(calendar, deadline, at('2026-11-20T12:59:00'))).toBe('none');
    expect(warningOf(calendar, deadline, at('2026-11-20T13:00:00'))).toBe('yellow');
    expect(warningOf(calendar, deadline, at('2026-11-20T14:00:00'))).toBe('red');
  });
});

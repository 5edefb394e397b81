/**
 * The time limit of a dispatched case: hours for an urgent case, working days on the
 * Chinese calendar otherwise (holidays off, make-up working days on; day 1 is the first
 * working day after the day of dispatch, and the case is due by the end of the last day).
 */
import { todayInShanghai, type WorkingCalendar } from '../../kernel/calendar/index.js';
import type { Urgency, Warning } from './cases.model.js';

type Calendar = Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;

export interface Deadline {
  deadlineAt: Date;
  /** The last working day; null for an hour limit. */
  dueOn: string | null;
  limitHours: number | null;
  limitDays: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Midnight at the end of `day` in Asia/Shanghai (UTC+8). */
export function endOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY);
}

export function computeDeadline(calendar: Calendar, now: Date, urgency: Urgency, limits: { urgentHours: number; limitDays: number }): Deadline {
  if (urgency === 'urgent') {
    return { deadlineAt: new Date(now.getTime() + limits.urgentHours * HOUR), dueOn: null, limitHours: limits.urgentHours, limitDays: null };
  }
  const dueOn = calendar.addWorkingDays(todayInShanghai(now), limits.limitDays).date;
  return { deadlineAt: endOfShanghaiDay(dueOn), dueOn, limitHours: null, limitDays: limits.limitDays };
}

/**
 * Red once the deadline has passed. Yellow before it: on the last `yellowDays` working days
 * of a working-day limit, or in the last quarter of an hour limit.
 */
export function warningOf(calendar: Calendar, deadline: Pick<Deadline, 'deadlineAt' | 'dueOn' | 'limitHours'>, now: Date, yellowDays = 1): Warning {
  const left = deadline.deadlineAt.getTime() - now.getTime();
  if (left <= 0) {
    return 'red';
  }
  if (deadline.dueOn !== null) {
    return calendar.workingDaysBetween(todayInShanghai(now), deadline.dueOn).days <= yellowDays ? 'yellow' : 'none';
  }
  return left <= ((deadline.limitHours ?? 0) * HOUR) / 4 ? 'yellow' : 'none';
}

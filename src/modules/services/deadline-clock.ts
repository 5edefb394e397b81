/**
 * The promised time limit of an application, counted in working days on the Chinese
 * calendar (holidays off, make-up working days on). The clock starts on acceptance (受理),
 * stops while the applicant corrects (补正) and resumes on resubmission with the working
 * days that were left. As in statutory counting, the day a period starts from is not
 * counted: day 1 is the first working day after acceptance (or resubmission).
 */
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { DeadlineState } from './applications.model.js';

type Calendar = Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;

export interface Clock {
  acceptedOn: string | null;
  /** The day the clock last started (acceptance or resubmission). */
  startedOn: string | null;
  /** Working days left from `startedOn` while running; left when stopped, while suspended. */
  remainingDays: number | null;
  /** Null before acceptance and while suspended. */
  dueOn: string | null;
  suspendedOn: string | null;
  /** Working days spent in correction so far. */
  suspendedDays: number;
  /** Years without a published holiday schedule that a deadline was counted through. */
  unpublishedYears: number[];
}

export const STOPPED_CLOCK: Clock = { acceptedOn: null, startedOn: null, remainingDays: null, dueOn: null, suspendedOn: null, suspendedDays: 0, unpublishedYears: [] };

const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

/** Starts the clock on acceptance: due `limitDays` working days after `today` (即办, 0: today). */
export function startClock(calendar: Calendar, today: string, limitDays: number): Clock {
  const due = calendar.addWorkingDays(today, limitDays);
  return { acceptedOn: today, startedOn: today, remainingDays: limitDays, dueOn: due.date, suspendedOn: null, suspendedDays: 0, unpublishedYears: due.unpublishedYears };
}

/**
 * Stops a running clock for 补正 on `today`: the working days after today up to the
 * deadline are kept (today counts as used). Past the deadline nothing is left.
 */
export function suspendClock(calendar: Calendar, clock: Clock, today: string): Clock {
  if (clock.dueOn === null) {
    return clock;
  }
  const left = calendar.workingDaysBetween(today, clock.dueOn);
  return { ...clock, remainingDays: Math.max(0, left.days), dueOn: null, suspendedOn: today, unpublishedYears: union(clock.unpublishedYears, left.unpublishedYears) };
}

/** Restarts a suspended clock on resubmission `today` with the working days that were left. */
export function resumeClock(calendar: Calendar, clock: Clock, today: string): Clock {
  if (clock.suspendedOn === null || clock.remainingDays === null) {
    return clock;
  }
  const due = calendar.addWorkingDays(today, clock.remainingDays);
  const spent = Math.max(0, calendar.workingDaysBetween(clock.suspendedOn, today).days);
  return {
    ...clock,
    startedOn: today,
    dueOn: due.date,
    suspendedOn: null,
    suspendedDays: clock.suspendedDays + spent,
    unpublishedYears: union(clock.unpublishedYears, due.unpublishedYears),
  };
}

/** Working days from `today` to the deadline (0 on the day itself, negative once past). */
export function workingDaysLeft(calendar: Pick<WorkingCalendar, 'workingDaysBetween'>, dueOn: string, today: string): number {
  return calendar.workingDaysBetween(today, dueOn).days;
}

/** `overdue` after the deadline day, `warning` within `warningDays` working days of it, else `normal`. */
export function deadlineState(calendar: Pick<WorkingCalendar, 'workingDaysBetween'>, dueOn: string, today: string, warningDays: number): DeadlineState {
  if (today > dueOn) {
    return 'overdue';
  }
  return workingDaysLeft(calendar, dueOn, today) <= warningDays ? 'warning' : 'normal';
}

/**
 * The Chinese working-day calendar for statutory time limits: official holidays and
 * make-up working days from data files, deadlines counted in working days, and years
 * without a published schedule flagged rather than guessed silently.
 */
export type {
  CalendarYear,
  DayInfo,
  DayKind,
  DeadlineResult,
  WorkingCalendar,
  WorkingDayCount,
} from './working-days.js';
export { createWorkingCalendar, isIsoDate, todayInShanghai } from './working-days.js';
export {
  CalendarDataError,
  SHIPPED_CALENDAR_DIR,
  loadCalendar,
  parseCalendarYear,
  readCalendarYears,
} from './calendar-data.js';

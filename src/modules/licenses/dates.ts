/** Licenses run by the city's calendar day (Asia/Shanghai); a real `YYYY-MM-DD` day. */
export { todayInShanghai as shanghaiDay, isIsoDate as isDay } from '../../kernel/calendar/index.js';

/** The last day of a validity of `years` starting on `from`: 2026-03-01 + 5 years → 2031-02-28. */
export function validityEnd(from: string, years: number): string {
  const date = new Date(`${from}T00:00:00Z`);
  const month = date.getUTCMonth();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  // 29 February plus a number of years lands on 1 March in a common year: step back to the 28th.
  if (date.getUTCMonth() !== month) {
    date.setUTCDate(0);
  } else {
    date.setUTCDate(date.getUTCDate() - 1);
  }
  return date.toISOString().slice(0, 10);
}

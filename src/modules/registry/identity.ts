import { citizenIdCheckChar, isProvinceCode, parseCitizenId, type ParseIssue } from '../../kernel/identifiers/index.js';
import type { Sex } from './registry.tables.js';

export interface CheckedCitizenId {
  id: string;
  birthDate: string;
  sex: Sex;
}

/** Today's date in Asia/Shanghai as `YYYY-MM-DD`. */
export { todayInShanghai as shanghaiToday } from '../../kernel/calendar/index.js';

/**
 * Validates a citizen ID as the kernel's `parseCitizenId` does, with a quick path for
 * numbers that pass every check: the kernel formats today's date for every call (about
 * 4 µs), which a bulk import of a million rows notices. Anything the quick path does not
 * accept goes to the kernel, which alone decides rejections and their messages.
 */
export function checkCitizenId(input: string, today: string): { ok: true; value: CheckedCitizenId } | { ok: false; errors: ParseIssue[] } {
  const id = input.trim().toUpperCase();
  if (id.length === 18 && /^[0-9]{17}[0-9X]$/.test(id) && isProvinceCode(id.slice(0, 2)) && citizenIdCheckChar(id.slice(0, 17)) === id[17]) {
    const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (birthDate >= '1900-01-01' && birthDate <= today && isCalendarDate(birthDate)) {
      return { ok: true, value: { id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
    }
  }
  const parsed = parseCitizenId(input, { today: new Date(`${today}T12:00:00+08:00`) });
  if (!parsed.ok) {
    return parsed;
  }
  return { ok: true, value: { id: parsed.value.id, birthDate: parsed.value.birthDate, sex: parsed.value.sex } };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digit at `i`, or NaN. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** True for an existing `YYYY-MM-DD` date (checked without allocating: the import calls it for every row). */
export function isCalendarDate(date: string): boolean {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return false;
  }
  const y = digitAt(date, 0) * 1000 + digitAt(date, 1) * 100 + digitAt(date, 2) * 10 + digitAt(date, 3);
  const m = digitAt(date, 5) * 10 + digitAt(date, 6);
  const d = digitAt(date, 8) * 10 + digitAt(date, 9);
  if (!(m >= 1 && m <= 12 && d >= 1)) {
    return false;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/**
 * A phone number as stored and blind-indexed: digits only, without a +86/0086 prefix.
 * Mobiles are `1[3-9]` and 9 more digits; landlines an area code (0 and 2–3 digits) and
 * a 7–8 digit number. Spaces, hyphens and brackets are dropped. Null when neither.
 */
export function normalisePhone(input: string): string | null {
  let digits = input.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) {
    digits = digits.slice(3);
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
  } else if (/^861[3-9][0-9]{9}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (/^1[3-9][0-9]{9}$/.test(digits) || /^0[1-9][0-9]{1,2}[1-9][0-9]{6,7}$/.test(digits)) {
    return digits;
  }
  return null;
}

/**
 * Citizen identity numbers (公民身份号码, GB 11643-1999): 6-digit division code, birth
 * date YYYYMMDD, 3-digit sequence (odd for men, even for women) and a check character
 * (ISO 7064 MOD 11-2).
 */
import { isProvinceCode, type ParseIssue, type ParseResult } from './division-code.js';

export interface CitizenId {
  /** Normalised: trimmed, check character `X` upper-case. */
  id: string;
  divisionCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: 'male' | 'female';
  /** The three digits after the birth date. */
  sequence: string;
}

export interface ParseCitizenIdOptions {
  /** The day to compare birth dates against, read in Asia/Shanghai; defaults to now. */
  today?: Date;
  /**
   * Whether a 6-digit division code is known to the caller's divisions data. An unknown
   * code only gives the warning `ID_DIVISION_UNKNOWN`: numbers keep the code of the
   * division where they were first issued, and divisions are renamed and merged.
   */
  isKnownDivision?: (code6: string) => boolean;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Division codes used in numbers that are not GB/T 2260 provinces: 830000 is the address
 * code of the residence permits for Taiwan residents (港澳台居民居住证; Hong Kong and
 * Macao use 810000 and 820000, which are provinces in GB/T 2260).
 */
const EXTRA_DIVISIONS = new Set(['830000']);

/**
 * The check character for the first 17 digits of a citizen ID. Throws a RangeError when
 * `first17` is not exactly 17 ASCII digits.
 */
export function citizenIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError('citizenIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * (WEIGHTS[i] as number);
  }
  return CHECK_CHARS[sum % 11] as string;
}

/**
 * Parses and validates an 18-character citizen ID. Surrounding whitespace is ignored and a
 * lower-case check character `x` is accepted; nothing else is repaired (full-width digits,
 * inner spaces and 15-digit first-generation numbers are errors).
 *
 * Errors: `ID_LENGTH`, `ID_CHARSET`, `ID_DIVISION` (province part not a GB/T 2260
 * province), `ID_BIRTH_DATE` (not a calendar date, before 1900 or after today in
 * Asia/Shanghai), `ID_CHECK_DIGIT`. Every applicable error is reported once the length
 * and character set are right.
 *
 * Warnings: `ID_DIVISION_UNKNOWN` (see {@link ParseCitizenIdOptions.isKnownDivision}).
 */
export function parseCitizenId(input: string, opts: ParseCitizenIdOptions = {}): ParseResult<CitizenId> {
  const trimmed = input.trim();
  const length = [...trimmed].length;
  if (length !== 18) {
    const hint = length === 15 ? '（15位的一代身份证号码请先升位为18位）' : '';
    return fail([{ code: 'ID_LENGTH', message: `公民身份号码应为18位，实为${length}位${hint}` }]);
  }
  const id = trimmed.toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(id)) {
    return fail([{ code: 'ID_CHARSET', message: '公民身份号码前17位应为数字，第18位应为数字或X' }]);
  }

  const errors: ParseIssue[] = [];
  const warnings: string[] = [];

  const divisionCode = id.slice(0, 6);
  if (!isProvinceCode(divisionCode.slice(0, 2)) && !EXTRA_DIVISIONS.has(divisionCode)) {
    const hint = divisionCode.startsWith('9') ? '（以9开头的可能是外国人永久居留身份证号码）' : '';
    errors.push({ code: 'ID_DIVISION', message: `地址码${divisionCode}的省级代码不存在${hint}` });
  } else if (opts.isKnownDivision !== undefined && !opts.isKnownDivision(divisionCode)) {
    warnings.push('ID_DIVISION_UNKNOWN');
  }

  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const birthProblem = checkBirthDate(birthDate, shanghaiDate(opts.today ?? new Date()));
  if (birthProblem !== null) {
    errors.push({ code: 'ID_BIRTH_DATE', message: birthProblem });
  }

  const expected = citizenIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    errors.push({ code: 'ID_CHECK_DIGIT', message: '公民身份号码校验码不正确' });
  }

  if (errors.length > 0) {
    return fail(errors);
  }
  const sequence = id.slice(14, 17);
  return {
    ok: true,
    value: {
      id,
      divisionCode,
      birthDate,
      sex: Number(sequence[2]) % 2 === 1 ? 'male' : 'female',
      sequence,
    },
    warnings,
  };
}

/** True when {@link parseCitizenId} accepts the input (warnings allowed). */
export function isValidCitizenId(input: string, opts: ParseCitizenIdOptions = {}): boolean {
  return parseCitizenId(input, opts).ok;
}

/**
 * Masks an ID for display and logs: keeps the first 4 and the last 4 characters
 * (`4207**********123X`). Inputs of 8 characters or fewer are masked entirely, so the
 * function never reveals a whole short value.
 */
export function maskCitizenId(input: string): string {
  const chars = [...input.trim().toUpperCase()];
  if (chars.length <= 8) {
    return '*'.repeat(chars.length);
  }
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** Returns null when the date is acceptable, or the reason it is not. */
function checkBirthDate(date: string, today: string): string | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (y < 1900) {
    return `出生日期${date}早于1900年`;
  }
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return `出生日期${date}不是有效日期`;
  }
  if (date > today) {
    return `出生日期${date}晚于今天（${today}）`;
  }
  return null;
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of `instant` in Asia/Shanghai, as `YYYY-MM-DD`. */
function shanghaiDate(instant: Date): string {
  const parts = SHANGHAI_DATE.formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function fail(errors: ParseIssue[]): { ok: false; errors: ParseIssue[] } {
  return { ok: false, errors };
}

/**
 * Administrative division codes: GB/T 2260 (6 digits: province 2, prefecture 2, county 2)
 * and the National Bureau of Statistics extension (3 more digits for the township, 3 for
 * the village committee; 12 digits in all, zero-padded for higher levels).
 *
 * Also home of the result shape shared by every parser in this folder.
 */

/** One problem found in an identifier: a stable machine code and a human message. */
export interface ParseIssue {
  code: string;
  message: string;
}

/**
 * What every identifier parser returns. `warnings` holds machine codes for things that
 * are accepted but worth a second look (for example a historical division code).
 */
export type ParseResult<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; errors: ParseIssue[] };

/**
 * Province-level codes of GB/T 2260 with their names. Taiwan (71) and the two special
 * administrative regions (81, 82) are part of the standard.
 */
export const PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
});

/** True when `code2` is a GB/T 2260 province-level code such as `'42'`. */
export function isProvinceCode(code2: string): boolean {
  return Object.hasOwn(PROVINCES, code2);
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export interface DivisionCode {
  /**
   * Canonical form: 6 digits for province, prefecture and county (`420000`, `420700`,
   * `420704`), 9 for a township (`420704001`), 12 for a village (`420704001002`).
   */
  code: string;
  level: DivisionLevel;
  /** Canonical code of the structural parent; null for a province. */
  parentCode: string | null;
  /** See {@link divisionPrefix}. */
  prefix: string;
  provinceCode: string;
  provinceName: string;
}

const DIGITS = /^[0-9]+$/;

/**
 * Parses a division code of 6 (GB/T 2260), 9 (with township) or 12 digits (statistics
 * code, with village). A 12-digit code of a higher level (`420704000000`) is accepted and
 * reduced to its canonical form (`420704`).
 *
 * Errors: `DIVISION_LENGTH`, `DIVISION_CHARSET`, `DIVISION_PROVINCE` (not a GB/T 2260
 * province), `DIVISION_STRUCTURE` (a lower level set under an empty higher one, such as
 * `420007` or `420704000123`).
 *
 * Checks structure only: whether the division exists is a question for the divisions data.
 */
export function parseDivisionCode(input: string): ParseResult<DivisionCode> {
  const raw = input.trim();
  if (raw.length !== 6 && raw.length !== 9 && raw.length !== 12) {
    return fail('DIVISION_LENGTH', '区划代码应为6位、9位或12位数字');
  }
  if (!DIGITS.test(raw)) {
    return fail('DIVISION_CHARSET', '区划代码只能包含数字0-9');
  }
  const province = raw.slice(0, 2);
  const prefecture = raw.slice(2, 4);
  const county = raw.slice(4, 6);
  const township = raw.length >= 9 ? raw.slice(6, 9) : '000';
  const village = raw.length === 12 ? raw.slice(9, 12) : '000';

  const provinceName = PROVINCES[province];
  if (provinceName === undefined) {
    return fail('DIVISION_PROVINCE', `区划代码的省级代码${province}不存在`);
  }
  // A level may be non-zero only when every level above it is non-zero.
  const parts = [prefecture, county, township, village];
  const firstEmpty = parts.findIndex((p) => /^0+$/.test(p));
  if (firstEmpty !== -1 && parts.slice(firstEmpty).some((p) => !/^0+$/.test(p))) {
    return fail('DIVISION_STRUCTURE', '区划代码的层级结构不正确：上级为空而下级不为空');
  }
  if (raw.length === 9 && township === '000') {
    return fail('DIVISION_STRUCTURE', '9位区划代码的乡级部分不能为000');
  }

  const six = raw.slice(0, 6);
  let value: DivisionCode;
  if (village !== '000') {
    value = make(raw, 'village', raw.slice(0, 9), raw);
  } else if (township !== '000') {
    const code = raw.slice(0, 9);
    value = make(code, 'township', six, code);
  } else if (county !== '00') {
    value = make(six, 'county', `${province}${prefecture}00`, six);
  } else if (prefecture !== '00') {
    value = make(six, 'prefecture', `${province}0000`, `${province}${prefecture}`);
  } else {
    value = make(six, 'province', null, province);
  }
  return { ok: true, value, warnings: [] };

  function make(code: string, level: DivisionLevel, parentCode: string | null, prefix: string): DivisionCode {
    return { code, level, parentCode, prefix, provinceCode: province, provinceName: provinceName as string };
  }
}

/**
 * The significant prefix of a division code: `'42'` for 420000, `'4207'` for 420700,
 * `'420704'` for 420704, 9 digits for a township, 12 for a village. Every code inside the
 * division, of any length, starts with it, so `code LIKE prefix || '%'` scopes a query to
 * a region. Throws a RangeError for an invalid code, so that a bad code never widens a
 * query to everything.
 */
export function divisionPrefix(code: string): string {
  const parsed = parseDivisionCode(code);
  if (!parsed.ok) {
    throw new RangeError(`invalid division code ${JSON.stringify(code)}: ${parsed.errors[0]?.code ?? ''}`);
  }
  return parsed.value.prefix;
}

/**
 * True when `child` lies inside `ancestor` or is the same division. False when either
 * code is invalid.
 */
export function isWithinDivision(child: string, ancestor: string): boolean {
  const c = parseDivisionCode(child);
  const a = parseDivisionCode(ancestor);
  if (!c.ok || !a.ok) {
    return false;
  }
  return c.value.code.startsWith(a.value.prefix);
}

function fail(code: string, message: string): { ok: false; errors: ParseIssue[] } {
  return { ok: false, errors: [{ code, message }] };
}

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registering department (1),
 * organisation type (1), division code of the registering authority (6), organisation
 * code (9, GB 11714, with its own check character) and a check character (MOD 31).
 */
import { parseDivisionCode, type ParseIssue, type ParseResult } from './division-code.js';

export interface CreditCode {
  /** Normalised: trimmed, upper-case. */
  code: string;
  registrarCode: string;
  /** e.g. 市场监管, 机构编制, 民政. */
  registrarName: string;
  orgTypeCode: string;
  /** e.g. 企业, 机关, 社会团体. */
  orgTypeName: string;
  /** Division of the registering authority; `100000` for national registrations. */
  divisionCode: string;
  /** Positions 9–17: the GB 11714 organisation code, its check character last. */
  orgCode: string;
  checkChar: string;
}

export interface ParseCreditCodeOptions {
  /**
   * Set only when the issuing registry has confirmed this very code. Some codes issued
   * in the 2015 pilots fail the check characters (e.g. `91350211M0000XUF46`); with this
   * option such a code is accepted, always with the warning `USCC_PILOT_CODE` and the
   * code of each failed check. Structure (length, characters, registrar and type,
   * division) must still be right.
   */
  acceptKnownPilotCodes?: boolean;
}

/** The code's alphabet; a character's value is its index (no I, O, S, V, Z). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

interface Registrar {
  name: string;
  types: Readonly<Record<string, string>>;
}

/**
 * Registering departments and the organisation types each may issue (GB 32100-2015,
 * table of 登记管理部门代码 and 机构类别代码, with later additions A and N). The 工商
 * department is named by its current name, 市场监管.
 */
export const CREDIT_CODE_REGISTRARS: Readonly<Record<string, Registrar>> = Object.freeze({
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '市场监管', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '其他' } },
});

/**
 * The check character (position 18) for the first 17 characters of a credit code:
 * C = 31 − (Σ value × weight mod 31), where 31 becomes 0. Throws a RangeError when
 * `first17` is not 17 characters of the code's alphabet.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17 || ![...first17].every((ch) => ALPHABET.includes(ch))) {
    throw new RangeError('creditCodeCheckChar expects 17 characters of 0-9 and A-Y without I, O, S, V, Z');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += ALPHABET.indexOf(first17[i] as string) * (WEIGHTS[i] as number);
  }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c] as string;
}

/**
 * The GB 11714 check character for the first 8 characters of an organisation code:
 * C = 11 − (Σ value × weight mod 11) with A = 10 … Z = 35; 10 is written X and 11 is 0.
 * Throws a RangeError when `first8` is not 8 characters of 0-9 and A-Z.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('orgCodeCheckChar expects 8 characters of 0-9 and A-Z');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += parseInt(first8[i] as string, 36) * (ORG_CODE_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Parses and validates an 18-character unified social credit code. Surrounding
 * whitespace is ignored and lower-case letters are upper-cased; nothing else is repaired.
 *
 * Errors: `USCC_LENGTH`, `USCC_CHARSET`, `USCC_REGISTRAR` (unknown registering
 * department), `USCC_ORG_TYPE` (type not defined for that department), `USCC_DIVISION`,
 * `USCC_ORG_CODE_CHECK` (GB 11714 check at position 17), `USCC_CHECK_DIGIT`.
 * Warnings: `USCC_PILOT_CODE` (see {@link ParseCreditCodeOptions.acceptKnownPilotCodes}).
 */
export function parseCreditCode(input: string, opts: ParseCreditCodeOptions = {}): ParseResult<CreditCode> {
  const trimmed = input.trim();
  const length = [...trimmed].length;
  if (length !== 18) {
    return fail([{ code: 'USCC_LENGTH', message: `统一社会信用代码应为18位，实为${length}位` }]);
  }
  const code = trimmed.toUpperCase();
  if (![...code].every((ch) => ALPHABET.includes(ch))) {
    return fail([
      { code: 'USCC_CHARSET', message: '统一社会信用代码只能由数字和大写字母组成，且不使用I、O、S、V、Z' },
    ]);
  }

  const structural: ParseIssue[] = [];
  const registrarCode = code.slice(0, 1);
  const orgTypeCode = code.slice(1, 2);
  const registrar = Object.hasOwn(CREDIT_CODE_REGISTRARS, registrarCode)
    ? CREDIT_CODE_REGISTRARS[registrarCode]
    : undefined;
  const orgTypeName =
    registrar !== undefined && Object.hasOwn(registrar.types, orgTypeCode) ? registrar.types[orgTypeCode] : undefined;
  if (registrar === undefined) {
    structural.push({ code: 'USCC_REGISTRAR', message: `登记管理部门代码${registrarCode}不存在` });
  } else if (orgTypeName === undefined) {
    structural.push({
      code: 'USCC_ORG_TYPE',
      message: `登记管理部门${registrar.name}（${registrarCode}）下没有机构类别代码${orgTypeCode}`,
    });
  }

  const divisionCode = code.slice(2, 8);
  if (divisionCode !== '100000' && !parseDivisionCode(divisionCode).ok) {
    structural.push({ code: 'USCC_DIVISION', message: `登记管理机关行政区划码${divisionCode}不正确` });
  }

  const checks: ParseIssue[] = [];
  const orgCode = code.slice(8, 17);
  if (orgCode[8] !== orgCodeCheckChar(orgCode.slice(0, 8))) {
    checks.push({ code: 'USCC_ORG_CODE_CHECK', message: '组织机构代码（第9-17位）的校验码不正确' });
  }
  const checkChar = code.slice(17);
  if (checkChar !== creditCodeCheckChar(code.slice(0, 17))) {
    checks.push({ code: 'USCC_CHECK_DIGIT', message: '统一社会信用代码校验码不正确' });
  }

  if (structural.length > 0) {
    return fail([...structural, ...checks]);
  }
  const warnings: string[] = [];
  if (checks.length > 0) {
    if (opts.acceptKnownPilotCodes !== true) {
      return fail(checks);
    }
    warnings.push('USCC_PILOT_CODE', ...checks.map((c) => c.code));
  }
  return {
    ok: true,
    value: {
      code,
      registrarCode,
      registrarName: (registrar as Registrar).name,
      orgTypeCode,
      orgTypeName: orgTypeName as string,
      divisionCode,
      orgCode,
      checkChar,
    },
    warnings,
  };
}

/** True when {@link parseCreditCode} accepts the input with default options. */
export function isValidCreditCode(input: string): boolean {
  return parseCreditCode(input).ok;
}

function fail(errors: ParseIssue[]): { ok: false; errors: ParseIssue[] } {
  return { ok: false, errors };
}

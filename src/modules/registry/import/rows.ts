import { parseCreditCode } from '../../../kernel/identifiers/index.js';
import type { DivisionDirectory } from '../divisions.js';
import { normaliseEthnicity } from '../ethnicities.js';
import { checkCitizenId, isCalendarDate, normalisePhone } from '../identity.js';
import type { EntityStatus, PersonStatus, Sex } from '../registry.tables.js';
import type { EntityColumn, PersonColumn } from './columns.js';

/** A person as validated and normalised, clear values: what the repository encrypts. */
export interface PersonInput {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  ethnicity: string | null;
  householdDivision: string;
  address: string | null;
  phone: string | null;
  status: PersonStatus;
}

export interface EntityInput {
  creditCode: string;
  name: string;
  type: string;
  legalRepName: string | null;
  legalRepIdNumber: string | null;
  /** 万元, as a decimal string (up to 4 places). */
  registeredCapital: string | null;
  establishedOn: string | null;
  divisionCode: string;
  address: string | null;
  status: EntityStatus;
}

/** Why a row was rejected: a stable code and a message for the clerk who fixes the file. */
export interface RowProblem {
  code: string;
  message: string;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; problems: RowProblem[] };

export interface RowContext {
  /** `YYYY-MM-DD` in Asia/Shanghai. */
  today: string;
  divisions: DivisionDirectory;
}

const SEX: Record<string, Sex> = { 男: 'male', 女: 'female', male: 'male', female: 'female', m: 'male', f: 'female', '1': 'male', '2': 'female' };
const PERSON_STATUS: Record<string, PersonStatus> = { 正常: '正常', 迁出: '迁出', 死亡: '死亡', normal: '正常', moved_out: '迁出', deceased: '死亡' };
const ENTITY_STATUS: Record<string, EntityStatus> = { 存续: '存续', 在业: '在业', 开业: '在业', 在营: '在业', 吊销: '吊销', 吊销未注销: '吊销', 注销: '注销' };
const MAX_TEXT = 200;

/** Whether `value` has more than `max` characters (counted by code point only when UTF-16 length says it might). */
const longerThan = (value: string, max: number) => value.length > max && [...value].length > max;

/** Control characters other than tab never belong in a register's text. */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) {
      return true;
    }
  }
  return false;
}

/** 11 digits starting 1[3-9]: a mobile number as `normalisePhone` would return it, checked without regular expressions. */
function isPlainMobile(value: string): boolean {
  if (value.length !== 11 || value.charCodeAt(0) !== 49 || value.charCodeAt(1) < 51) {
    return false;
  }
  for (let i = 1; i < 11; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

/** A `YYYY-MM-DD` date from `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `YYYYMMDD`; null when none. */
export function parseDate(input: string): string | null {
  const match = /^([0-9]{4})[-/.]?([0-9]{1,2})[-/.]?([0-9]{1,2})$/.exec(input);
  if (!match) {
    return null;
  }
  const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

function text(value: string, code: string, label: string, problems: RowProblem[], max = MAX_TEXT): string | null {
  if (value === '') {
    return null;
  }
  if (longerThan(value, max) || hasControl(value)) {
    problems.push({ code, message: `${label}超过${max}个字或含有控制字符` });
    return null;
  }
  return value;
}

function personName(value: string, code: string, label: string, problems: RowProblem[]): string {
  if (value === '') {
    problems.push({ code: `${code}_MISSING`, message: `${label}为空` });
  } else if (longerThan(value, 50) || hasControl(value) || /[0-9]/.test(value)) {
    problems.push({ code: `${code}_INVALID`, message: `${label}“${value}”不像姓名（超过50个字、含数字或控制字符）` });
  }
  return value;
}

/** Validates one persons row; `get` returns the trimmed cell of a column ('' when absent). */
export function validatePerson(get: (column: PersonColumn) => string, context: RowContext): RowResult<PersonInput> {
  const problems: RowProblem[] = [];
  const id = checkCitizenId(get('idNumber'), context.today);
  if (!id.ok) {
    problems.push(...id.errors.map((e) => ({ code: e.code, message: e.message })));
  }
  const name = personName(get('name'), 'NAME', '姓名', problems);
  const sexCell = get('sex');
  if (sexCell !== '') {
    const sex = SEX[sexCell] ?? SEX[sexCell.toLowerCase()];
    if (!sex) {
      problems.push({ code: 'SEX_INVALID', message: `性别“${sexCell}”应为男或女` });
    } else if (id.ok && sex !== id.value.sex) {
      problems.push({ code: 'SEX_MISMATCH', message: `性别“${sexCell}”与公民身份号码不符` });
    }
  }
  const birthCell = get('birthDate');
  // Most files spell the birth date as the ID number has it: nothing to parse then.
  if (birthCell !== '' && !(id.ok && birthCell === id.value.birthDate)) {
    const birth = parseDate(birthCell);
    if (!birth) {
      problems.push({ code: 'BIRTH_DATE_INVALID', message: `出生日期“${birthCell}”不是有效日期` });
    } else if (id.ok && birth !== id.value.birthDate) {
      problems.push({ code: 'BIRTH_DATE_MISMATCH', message: `出生日期${birth}与公民身份号码中的${id.value.birthDate}不符` });
    }
  }
  const ethnicityCell = get('ethnicity');
  const ethnicity = ethnicityCell === '' ? null : (normaliseEthnicity(ethnicityCell) ?? null);
  if (ethnicityCell !== '' && !ethnicity) {
    problems.push({ code: 'ETHNICITY_UNKNOWN', message: `民族“${ethnicityCell}”不在 GB/T 3304 中` });
  }
  const division = get('householdDivision');
  if (division === '') {
    problems.push({ code: 'DIVISION_MISSING', message: '户籍地区划代码为空' });
  } else if (!context.divisions.isTownship(division)) {
    const why = context.divisions.isKnown(division) ? '不是乡镇（街道）级代码' : '不在湖北省区划代码中';
    problems.push({ code: 'DIVISION_UNKNOWN', message: `户籍地区划代码“${division}”${why}` });
  }
  const address = text(get('address'), 'ADDRESS_INVALID', '住址', problems);
  const phoneCell = get('phone');
  const phone = phoneCell === '' ? null : isPlainMobile(phoneCell) ? phoneCell : normalisePhone(phoneCell);
  if (phoneCell !== '' && !phone) {
    problems.push({ code: 'PHONE_INVALID', message: `联系电话“${phoneCell}”不是手机号码（1[3-9]开头11位）或带区号的固定电话` });
  }
  const statusCell = get('status');
  const status = statusCell === '' ? '正常' : (PERSON_STATUS[statusCell] ?? PERSON_STATUS[statusCell.toLowerCase()]);
  if (!status) {
    problems.push({ code: 'STATUS_INVALID', message: `人员状态“${statusCell}”应为正常、迁出或死亡` });
  }
  if (problems.length > 0 || !id.ok || !status) {
    return { ok: false, problems };
  }
  const { id: idNumber, sex, birthDate } = id.value;
  return { ok: true, value: { idNumber, name, sex, birthDate, ethnicity, householdDivision: division, address, phone, status } };
}

/** Validates one legal-entities row; `get` returns the trimmed cell of a column ('' when absent). */
export function validateEntity(get: (column: EntityColumn) => string, context: RowContext): RowResult<EntityInput> {
  const problems: RowProblem[] = [];
  const code = parseCreditCode(get('creditCode'));
  if (!code.ok) {
    problems.push(...code.errors.map((e) => ({ code: e.code, message: e.message })));
  }
  const name = get('name');
  if (name === '') {
    problems.push({ code: 'NAME_MISSING', message: '名称为空' });
  } else {
    text(name, 'NAME_INVALID', '名称', problems);
  }
  const typeCell = get('type');
  const type = code.ok ? code.value.orgTypeName : '';
  if (code.ok && typeCell !== '' && typeCell !== type && !(type === '企业' && /公司|企业|合伙|独资/.test(typeCell))) {
    problems.push({ code: 'TYPE_MISMATCH', message: `类型“${typeCell}”与统一社会信用代码的机构类别（${type}）不符` });
  }
  const repName = get('legalRepName');
  if (repName !== '') {
    personName(repName, 'LEGAL_REP_NAME', '法定代表人', problems);
  }
  const repIdCell = get('legalRepIdNumber');
  let legalRepIdNumber: string | null = null;
  if (repIdCell !== '') {
    const repId = checkCitizenId(repIdCell, context.today);
    if (repId.ok) {
      legalRepIdNumber = repId.value.id;
    } else {
      problems.push(...repId.errors.map((e) => ({ code: `LEGAL_REP_${e.code}`, message: `法定代表人${e.message}` })));
    }
    if (repName === '') {
      problems.push({ code: 'LEGAL_REP_NAME_MISSING', message: '有法定代表人身份证号码而无姓名' });
    }
  }
  const capitalCell = get('registeredCapital').replace(/,/g, '');
  if (capitalCell !== '' && !/^[0-9]{1,14}(\.[0-9]{1,4})?$/.test(capitalCell)) {
    problems.push({ code: 'CAPITAL_INVALID', message: `注册资本“${capitalCell}”应为不超过4位小数的非负数（万元）` });
  }
  const establishedCell = get('establishedOn');
  const establishedOn = establishedCell === '' ? null : parseDate(establishedCell);
  if (establishedCell !== '' && (!establishedOn || establishedOn > context.today || establishedOn < '1900-01-01')) {
    problems.push({ code: 'ESTABLISHED_ON_INVALID', message: `成立日期“${establishedCell}”不是1900年至今的有效日期` });
  }
  const divisionCode = get('divisionCode');
  if (divisionCode === '') {
    problems.push({ code: 'DIVISION_MISSING', message: '所在区划代码为空' });
  } else if (!context.divisions.isKnown(divisionCode)) {
    problems.push({ code: 'DIVISION_UNKNOWN', message: `所在区划代码“${divisionCode}”不在湖北省区划代码中` });
  }
  const address = text(get('address'), 'ADDRESS_INVALID', '住所', problems);
  const statusCell = get('status');
  const status = statusCell === '' ? '存续' : ENTITY_STATUS[statusCell];
  if (!status) {
    problems.push({ code: 'STATUS_INVALID', message: `登记状态“${statusCell}”应为存续、在业、吊销或注销` });
  }
  if (problems.length > 0 || !code.ok || !status) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      creditCode: code.value.code,
      name,
      type,
      legalRepName: repName === '' ? null : repName,
      legalRepIdNumber,
      registeredCapital: capitalCell === '' ? null : capitalCell,
      establishedOn,
      divisionCode,
      address,
      status,
    },
  };
}

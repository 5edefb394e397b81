import { describe, expect, it } from 'vitest';
import { divisionDirectory } from '../divisions.js';
import { normaliseEthnicity } from '../ethnicities.js';
import { mapHeader, normaliseHeader } from './columns.js';
import { parseDate, validateEntity, validatePerson, type RowContext } from './rows.js';

const context: RowContext = { today: '2026-11-23', divisions: divisionDirectory() };
const cells = (values: Record<string, string>) => (column: string) => values[column] ?? '';

describe('row validation', () => {
  it('reads dates in the usual spellings and refuses impossible ones', () => {
    expect(['1980-01-01', '1980/1/1', '1980.01.01', '19800101'].map(parseDate)).toEqual(Array(4).fill('1980-01-01'));
    expect(['1980-02-30', '80-01-01', '1980-1', ''].map(parseDate)).toEqual([null, null, null, null]);
  });

  it('knows ethnic groups by name, short name and GB/T 3304 code', () => {
    expect(['汉族', '汉', '01', '土家', '15', '98'].map(normaliseEthnicity)).toEqual(['汉族', '汉族', '汉族', '土家族', '土家族', '外国血统中国籍人士']);
    expect(normaliseEthnicity('火星族')).toBeUndefined();
  });

  it('derives sex and birth date from the ID number and normalises a person', () => {
    const result = validatePerson(cells({ idNumber: '11010519491231002x', name: '张三丰', householdDivision: '420704001', sex: 'F', status: 'deceased' }), context);
    expect(result).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', name: '张三丰', sex: 'female', birthDate: '1949-12-31', ethnicity: null, householdDivision: '420704001', address: null, phone: null, status: '死亡' },
    });
    const born = validatePerson(cells({ idNumber: '11010519491231002X', name: '张三丰', householdDivision: '420704001', birthDate: '1949-12-30' }), context);
    expect(born.ok ? [] : born.problems.map((p) => p.code)).toEqual(['BIRTH_DATE_MISMATCH']);
    const empty = validatePerson(cells({}), context);
    expect(empty.ok ? [] : empty.problems.map((p) => p.code)).toEqual(['ID_LENGTH', 'NAME_MISSING', 'DIVISION_MISSING']);
  });

  it('takes the entity type from the credit code and accepts company forms of 企业', () => {
    const base = { creditCode: '91350100M000100Y43', name: '鄂州市某公司', divisionCode: '420704' };
    for (const type of ['', '企业', '有限责任公司', '股份有限公司', '个人独资企业']) {
      const result = validateEntity(cells({ ...base, type }), context);
      expect(result.ok && result.value.type, type).toBe('企业');
    }
    expect(validateEntity(cells({ ...base, type: '个体工商户' }), context).ok).toBe(false);
    const result = validateEntity(cells({ ...base, status: '吊销未注销' }), context);
    expect(result.ok && result.value.status).toBe('吊销');
  });

  it('maps documented headers in Chinese or English, ignoring case, spaces and bracket width', () => {
    expect(normaliseHeader(' 注册资本（万元） ')).toBe(normaliseHeader('注册资本(万元)'));
    const { mapping, problems } = mapHeader('entities', ['Credit_Code', '名称', '注册资本(万元)', '所在区划', '备注']);
    expect(problems).toEqual([]);
    expect(mapping.index).toEqual({ creditCode: 0, name: 1, registeredCapital: 2, divisionCode: 3 });
    expect(mapping.ignored).toEqual(['备注']);
    expect(mapHeader('persons', ['姓名']).problems).toHaveLength(2);
  });
});

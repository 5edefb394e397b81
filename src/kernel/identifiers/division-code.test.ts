import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divisionPrefix, isProvinceCode, isWithinDivision, parseDivisionCode } from './division-code.js';

function parsed(code: string) {
  const r = parseDivisionCode(code);
  if (!r.ok) {
    throw new Error(`expected ${code} to parse: ${r.errors.map((e) => e.code).join(', ')}`);
  }
  return r.value;
}

function errorCodes(code: string): string[] {
  const r = parseDivisionCode(code);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('parseDivisionCode', () => {
  it.each([
    ['420000', '420000', 'province', null, '42'],
    ['420700', '420700', 'prefecture', '420000', '4207'],
    ['420704', '420704', 'county', '420700', '420704'],
    ['429004', '429004', 'county', '429000', '429004'],
    ['420704001', '420704001', 'township', '420704', '420704001'],
    ['420704001002', '420704001002', 'village', '420704001', '420704001002'],
    ['420704001000', '420704001', 'township', '420704', '420704001'],
    ['420704000000', '420704', 'county', '420700', '420704'],
    ['420700000000', '420700', 'prefecture', '420000', '4207'],
    ['420000000000', '420000', 'province', null, '42'],
  ])('reads %s as %s, a %s under %s with prefix %s', (input, code, level, parentCode, prefix) => {
    expect(parsed(input)).toMatchObject({ code, level, parentCode, prefix });
  });

  it('names the province', () => {
    expect(parsed('420704')).toMatchObject({ provinceCode: '42', provinceName: '湖北省' });
  });

  it.each(['4207', '4207040', '42070400', '4207040010', '4207040010021', ''])('rejects %j with DIVISION_LENGTH', (code) => {
    expect(errorCodes(code)).toEqual(['DIVISION_LENGTH']);
  });

  it.each(['42070A', '４２０７０４', "'; --a", '-42070'])('rejects %j with DIVISION_CHARSET', (code) => {
    expect(errorCodes(code)).toEqual(['DIVISION_CHARSET']);
  });

  it.each(['990000', '000000', '240000', '720000', '830000'])('rejects %s with DIVISION_PROVINCE', (code) => {
    expect(errorCodes(code)).toEqual(['DIVISION_PROVINCE']);
  });

  it.each(['420007', '420000001', '420704000123', '420004001000'])(
    'rejects %s, a lower level under an empty one, with DIVISION_STRUCTURE',
    (code) => {
      expect(errorCodes(code)).toEqual(['DIVISION_STRUCTURE']);
    },
  );

  it('rejects a 9-digit code with an empty township part', () => {
    expect(errorCodes('420704000')).toEqual(['DIVISION_STRUCTURE']);
  });
});

describe('isProvinceCode', () => {
  it('knows exactly the 34 province-level codes of GB/T 2260', () => {
    const all = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter(isProvinceCode);
    expect(all).toEqual([
      '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
      '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
      '71', '81', '82',
    ]);
  });

  it('is not fooled by inherited object keys', () => {
    expect(isProvinceCode('constructor')).toBe(false);
    expect(isProvinceCode('__proto__')).toBe(false);
  });
});

describe('divisionPrefix', () => {
  it('gives the significant prefix used for LIKE scoping', () => {
    expect(divisionPrefix('420000')).toBe('42');
    expect(divisionPrefix('420700')).toBe('4207');
    expect(divisionPrefix('420704')).toBe('420704');
    expect(divisionPrefix('420704001')).toBe('420704001');
  });

  it('throws rather than return an empty prefix that would match everything', () => {
    expect(() => divisionPrefix('')).toThrow(RangeError);
    expect(() => divisionPrefix('%')).toThrow(RangeError);
    expect(() => divisionPrefix('990000')).toThrow(RangeError);
  });
});

describe('isWithinDivision', () => {
  it.each([
    ['420704', '420700', true],
    ['420704001', '420700', true],
    ['420704001', '420000', true],
    ['420704001002', '420704001', true],
    ['420704', '420704', true],
    ['420700', '420704', false],
    ['420000', '420700', false],
    ['420102', '420700', false],
    ['430704', '420000', false],
    ['420704', 'garbage', false],
    ['garbage', '420000', false],
  ])('%s within %s is %s', (child, ancestor, expected) => {
    expect(isWithinDivision(child, ancestor)).toBe(expected);
  });
});

describe('the shipped Hubei divisions', () => {
  const rows = JSON.parse(
    readFileSync(new URL('../../../data/divisions/hubei.json', import.meta.url), 'utf8'),
  ) as Array<{ code: string; name: string; level: string; parentCode: string | null; kind?: string }>;

  it('parse, and each row names its structural parent and level', () => {
    for (const row of rows) {
      expect(parsed(row.code)).toMatchObject({ code: row.code, level: row.level, parentCode: row.parentCode });
    }
  });

  it('holds Ezhou and its three districts', () => {
    const names = new Map(rows.map((r) => [r.code, r.name]));
    expect(names.get('420700')).toBe('鄂州市');
    expect(names.get('420702')).toBe('梁子湖区');
    expect(names.get('420703')).toBe('华容区');
    expect(names.get('420704')).toBe('鄂城区');
    expect(rows.filter((r) => r.level === 'township' && isWithinDivision(r.code, '420700')).length).toBeGreaterThan(20);
  });
});

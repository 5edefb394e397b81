import { describe, expect, it, vi } from 'vitest';
import { citizenIdCheckChar, isValidCitizenId, maskCitizenId, parseCitizenId } from './citizen-id.js';

/** Completes 17 digits with their check character. */
const withCheck = (first17: string): string => first17 + citizenIdCheckChar(first17);
const TODAY = new Date('2025-06-15T04:00:00Z');

function errorCodes(input: string, opts: Parameters<typeof parseCitizenId>[1] = { today: TODAY }): string[] {
  const r = parseCitizenId(input, opts);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('parseCitizenId', () => {
  it('accepts the GB 11643 example 11010519491231002X and decodes its parts', () => {
    const r = parseCitizenId('11010519491231002X', { today: TODAY });
    expect(r).toEqual({
      ok: true,
      value: {
        id: '11010519491231002X',
        divisionCode: '110105',
        birthDate: '1949-12-31',
        sex: 'female',
        sequence: '002',
      },
      warnings: [],
    });
  });

  it('accepts 34052419800101001X as a man born 1980-01-01', () => {
    const r = parseCitizenId('34052419800101001X', { today: TODAY });
    expect(r.ok && r.value).toMatchObject({ divisionCode: '340524', birthDate: '1980-01-01', sex: 'male' });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const r = parseCitizenId('11010519491231002x', { today: TODAY });
    expect(r.ok && r.value.id).toBe('11010519491231002X');
  });

  it('ignores surrounding whitespace', () => {
    expect(isValidCitizenId('  34052419800101001X\n', { today: TODAY })).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(errorCodes('110105194912310021')).toEqual(['ID_CHECK_DIGIT']);
    expect(errorCodes('34052419800101001Y')).toEqual(['ID_CHARSET']);
  });

  it('rejects an X anywhere but the last position', () => {
    expect(errorCodes('X1010519491231002X')).toEqual(['ID_CHARSET']);
  });

  it.each([
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['15-digit first-generation number', '110105491231002'],
    ['empty string', ''],
  ])('rejects %s with ID_LENGTH', (_label, input) => {
    expect(errorCodes(input)).toEqual(['ID_LENGTH']);
  });

  it('rejects full-width digits instead of converting them', () => {
    expect(errorCodes('１１０１０５１９４９１２３１００２Ｘ')).toEqual(['ID_CHARSET']);
  });

  it.each([
    ["'; DROP TABLE x;--"],
    ['1101051949<script>'],
    ['110105 19491231002'],
    ['11010519491231002\u0000'],
  ])('rejects %j with ID_CHARSET', (input) => {
    expect(errorCodes(input)).toEqual(['ID_CHARSET']);
  });

  it('rejects February 30 even with a correct check character', () => {
    expect(errorCodes(withCheck('11010519800230001'))).toEqual(['ID_BIRTH_DATE']);
  });

  it('knows leap years: 2000-02-29 is a date, 1900-02-29 and 2023-02-29 are not', () => {
    expect(errorCodes(withCheck('11010520000229001'))).toEqual([]);
    expect(errorCodes(withCheck('11010519000229001'))).toEqual(['ID_BIRTH_DATE']);
    expect(errorCodes(withCheck('11010520230229001'))).toEqual(['ID_BIRTH_DATE']);
  });

  it('rejects month 13 and day 00', () => {
    expect(errorCodes(withCheck('11010519801301001'))).toEqual(['ID_BIRTH_DATE']);
    expect(errorCodes(withCheck('11010519800100001'))).toEqual(['ID_BIRTH_DATE']);
  });

  it('rejects birth dates before 1900', () => {
    expect(errorCodes(withCheck('11010518991231001'))).toEqual(['ID_BIRTH_DATE']);
    expect(errorCodes(withCheck('11010519000101001'))).toEqual([]);
  });

  it('rejects a birth date after today and accepts one on today', () => {
    expect(errorCodes(withCheck('11010520250616001'))).toEqual(['ID_BIRTH_DATE']);
    expect(errorCodes(withCheck('11010520250615001'))).toEqual([]);
  });

  it('reads today in Asia/Shanghai, not UTC', () => {
    // 2025-06-15T16:30Z is already 2025-06-16 00:30 in Shanghai.
    const lateUtc = new Date('2025-06-15T16:30:00Z');
    expect(errorCodes(withCheck('11010520250616001'), { today: lateUtc })).toEqual([]);
  });

  it('defaults today to the current date', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      expect(isValidCitizenId(withCheck('11010520291231001'))).toBe(true);
      vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
      expect(isValidCitizenId(withCheck('11010520291231001'))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a division whose province does not exist', () => {
    expect(errorCodes(withCheck('99010519491231002'))).toEqual(['ID_DIVISION']);
    expect(errorCodes(withCheck('00010519491231002'))).toEqual(['ID_DIVISION']);
    expect(errorCodes(withCheck('24010519491231002'))).toEqual(['ID_DIVISION']);
  });

  it('accepts Hong Kong, Macao and Taiwan residence-permit numbers (810000, 820000, 830000)', () => {
    for (const code of ['810000', '820000', '830000']) {
      expect(errorCodes(withCheck(`${code}19900101002`))).toEqual([]);
    }
    expect(errorCodes(withCheck('83010019900101002'))).toEqual(['ID_DIVISION']);
  });

  it('reports every applicable error at once', () => {
    const first17 = '99010519800230001';
    const wrongCheck = citizenIdCheckChar(first17) === '0' ? 'X' : '0';
    expect(errorCodes(first17 + wrongCheck).sort()).toEqual(['ID_BIRTH_DATE', 'ID_CHECK_DIGIT', 'ID_DIVISION']);
  });

  it('warns, not fails, when the caller does not know the division', () => {
    const seen: string[] = [];
    const r = parseCitizenId('34052419800101001X', {
      today: TODAY,
      isKnownDivision: (code) => {
        seen.push(code);
        return false;
      },
    });
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings).toEqual(['ID_DIVISION_UNKNOWN']);
    expect(seen).toEqual(['340524']);
  });

  it('gives no warning for a known division', () => {
    const r = parseCitizenId('34052419800101001X', { today: TODAY, isKnownDivision: () => true });
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('gives every error a message', () => {
    const r = parseCitizenId(withCheck('99010519800230001'), { today: TODAY });
    expect(r.ok).toBe(false);
    for (const e of r.ok ? [] : r.errors) {
      expect(e.message.length).toBeGreaterThan(0);
    }
  });
});

describe('citizenIdCheckChar', () => {
  it('computes the check characters of the standard examples', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(citizenIdCheckChar('34052419800101001')).toBe('X');
  });

  it('covers all eleven remainders with 1 0 X 9 8 7 6 5 4 3 2', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 11; i++) {
      seen.add(citizenIdCheckChar(`420704199001011${String(i).padStart(2, '0')}`));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('throws on anything but 17 digits', () => {
    expect(() => citizenIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => citizenIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('maskCitizenId', () => {
  it('keeps the first four and the last four characters', () => {
    expect(maskCitizenId('42070419900101123x')).toBe('4207**********123X');
  });

  it('masks short values entirely', () => {
    expect(maskCitizenId('12345678')).toBe('********');
    expect(maskCitizenId('')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, orgCodeCheckChar, parseCreditCode } from './credit-code.js';

/** Completes 16 characters with a correct organisation-code check and a correct code check. */
function build(first16: string): string {
  const first17 = first16 + orgCodeCheckChar(first16.slice(8, 16));
  return first17 + creditCodeCheckChar(first17);
}

function errorCodes(input: string, opts: Parameters<typeof parseCreditCode>[1] = {}): string[] {
  const r = parseCreditCode(input, opts);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

/** The weighted sum behind the check character, computed independently of the code under test. */
function weightedSum(first17: string): number {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  return [...first17].reduce((s, ch, i) => s + alphabet.indexOf(ch) * (weights[i] ?? 0), 0);
}

describe('parseCreditCode', () => {
  it.each([
    ['91350100M000100Y43', '9', '市场监管', '1', '企业', '350100'],
    ['11100000000013338W', '1', '机构编制', '1', '机关', '100000'],
    ['11220000013544541J', '1', '机构编制', '1', '机关', '220000'],
    ['11420503087246977F', '1', '机构编制', '1', '机关', '420503'],
  ])('accepts %s (%s %s / %s %s)', (code, registrarCode, registrarName, orgTypeCode, orgTypeName, divisionCode) => {
    const r = parseCreditCode(code);
    expect(r).toEqual({
      ok: true,
      value: {
        code,
        registrarCode,
        registrarName,
        orgTypeCode,
        orgTypeName,
        divisionCode,
        orgCode: code.slice(8, 17),
        checkChar: code.slice(17),
      },
      warnings: [],
    });
  });

  it('accepts a code whose check character is 0 because 31 − (Σ mod 31) = 31', () => {
    const code = build('9142070400000010');
    expect(code).toBe('914207040000001070');
    expect(weightedSum(code.slice(0, 17)) % 31).toBe(0);
    const r = parseCreditCode(code);
    expect(r.ok && r.value.checkChar).toBe('0');
  });

  it('accepts a second 31 → 0 code, an individual business', () => {
    const code = '92420704MA4K001090';
    expect(weightedSum(code.slice(0, 17)) % 31).toBe(0);
    expect(parseCreditCode(code).ok && parseCreditCode(code)).toMatchObject({ value: { orgTypeName: '个体工商户' } });
  });

  it('upper-cases lower-case letters and trims whitespace', () => {
    const r = parseCreditCode(' 91350100m000100y43 ');
    expect(r.ok && r.value.code).toBe('91350100M000100Y43');
  });

  it('rejects a wrong check character', () => {
    expect(errorCodes('91350100M000100Y44')).toEqual(['USCC_CHECK_DIGIT']);
    expect(errorCodes('11100000000013338X')).toEqual(['USCC_CHECK_DIGIT']);
  });

  it('rejects a wrong organisation-code check even when position 18 matches it', () => {
    const first17 = '91350100M000100Y5';
    expect(errorCodes(first17 + creditCodeCheckChar(first17))).toEqual(['USCC_ORG_CODE_CHECK']);
  });

  it('writes organisation-code check 10 as X and 11 as 0', () => {
    const bodies = { X: '', '0': '' };
    for (let i = 0; i < 1000 && (bodies.X === '' || bodies['0'] === ''); i++) {
      const body = `MA${String(i).padStart(6, '0')}`;
      const c = orgCodeCheckChar(body);
      if (c === 'X' || c === '0') {
        bodies[c] ||= body;
      }
    }
    expect(bodies.X).not.toBe('');
    expect(bodies['0']).not.toBe('');
    expect(isValidCreditCode(build(`91420704${bodies.X}`))).toBe(true);
    expect(isValidCreditCode(build(`91420704${bodies['0']}`))).toBe(true);
  });

  it.each([
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y430'],
    ['empty string', ''],
  ])('rejects %s with USCC_LENGTH', (_label, input) => {
    expect(errorCodes(input)).toEqual(['USCC_LENGTH']);
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the letter %s, which the alphabet leaves out', (letter) => {
    expect(errorCodes(`91350100${letter}000100Y43`)).toEqual(['USCC_CHARSET']);
    expect(() => creditCodeCheckChar(`91350100${letter}000100Y`)).toThrow(RangeError);
  });

  it.each([
    ['full-width characters', '９１３５０１００Ｍ０００１００Ｙ４３'],
    ['an SQL injection', "'; DROP TABLE x;--"],
    ['punctuation', '91350100-00100Y43'.padEnd(18, '0')],
    ['an inner space', '91350100M000100 43'],
  ])('rejects %s with USCC_CHARSET', (_label, input) => {
    expect(errorCodes(input)).toEqual(['USCC_CHARSET']);
  });

  it('rejects an unknown registering department', () => {
    expect(errorCodes(build('B1420704MA4K0010'))).toEqual(['USCC_REGISTRAR']);
    expect(errorCodes(build('01420704MA4K0010'))).toEqual(['USCC_REGISTRAR']);
  });

  it('rejects a type the department does not issue', () => {
    expect(errorCodes(build('94420704MA4K0010'))).toEqual(['USCC_ORG_TYPE']);
    expect(errorCodes(build('99420704MA4K0010'))).toEqual(['USCC_ORG_TYPE']);
    expect(errorCodes(build('Y2420704MA4K0010'))).toEqual(['USCC_ORG_TYPE']);
    expect(errorCodes(build('5A420704MA4K0010'))).toEqual(['USCC_ORG_TYPE']);
  });

  it('knows the departments beyond 1, 5, 9 and Y', () => {
    const cases: Array<[string, string, string]> = [
      ['31', '司法行政', '律师执业机构'],
      ['52', '民政', '民办非企业单位'],
      ['71', '宗教', '宗教活动场所'],
      ['81', '工会', '基层工会'],
      ['A1', '中央军委改革和编制办公室', '军队事业单位'],
      ['N2', '农业', '村级集体经济组织'],
      ['Y1', '其他', '其他'],
    ];
    for (const [prefix, registrarName, orgTypeName] of cases) {
      const r = parseCreditCode(build(`${prefix}420704MA4K0010`));
      expect(r.ok && { registrarName: r.value.registrarName, orgTypeName: r.value.orgTypeName }).toEqual({
        registrarName,
        orgTypeName,
      });
    }
  });

  it('rejects a registering division that is not a GB/T 2260 code', () => {
    expect(errorCodes(build('91990000MA4K0010'))).toEqual(['USCC_DIVISION']);
    expect(errorCodes(build('91420007MA4K0010'))).toEqual(['USCC_DIVISION']);
    expect(errorCodes(build('91000000MA4K0010'))).toEqual(['USCC_DIVISION']);
  });

  it('reports structural errors together with failed checks', () => {
    expect(errorCodes('B1990000MA4K001000').sort()).toEqual(
      ['USCC_CHECK_DIGIT', 'USCC_DIVISION', 'USCC_ORG_CODE_CHECK', 'USCC_REGISTRAR'].sort(),
    );
  });

  describe('pilot codes', () => {
    const pilot = '91350211M0000XUF46';

    it('rejects the pilot code 91350211M0000XUF46 by default', () => {
      expect(errorCodes(pilot)).toEqual(['USCC_CHECK_DIGIT']);
      expect(isValidCreditCode(pilot)).toBe(false);
    });

    it('accepts it when the caller vouches for it, always with USCC_PILOT_CODE', () => {
      const r = parseCreditCode(pilot, { acceptKnownPilotCodes: true });
      expect(r.ok).toBe(true);
      expect(r.ok && r.warnings).toEqual(['USCC_PILOT_CODE', 'USCC_CHECK_DIGIT']);
      expect(r.ok && r.value.registrarName).toBe('市场监管');
    });

    it('gives a valid code no pilot warning even with the option', () => {
      const r = parseCreditCode('91350100M000100Y43', { acceptKnownPilotCodes: true });
      expect(r.ok && r.warnings).toEqual([]);
    });

    it('still rejects structural errors with the option', () => {
      expect(errorCodes('B1350211M0000XUF46', { acceptKnownPilotCodes: true })).toContain('USCC_REGISTRAR');
      expect(errorCodes('91350211I0000XUF46', { acceptKnownPilotCodes: true })).toEqual(['USCC_CHARSET']);
    });
  });
});

describe('creditCodeCheckChar', () => {
  it('computes the check characters of the standard examples', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('11100000000013338')).toBe('W');
    expect(creditCodeCheckChar('914207040000001070'.slice(0, 17))).toBe('0');
  });

  it('throws on a wrong length', () => {
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
  });
});

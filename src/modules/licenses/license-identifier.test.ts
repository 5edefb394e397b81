import { describe, expect, it } from 'vitest';
import { buildLicenseIdentifier, parseLicenseIdentifier } from './license-identifier.js';

// Identifiers published in public e-license integration code and documents; their check
// characters were computed by the issuing platforms.
const REAL_IDENTIFIERS = [
  '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3',
  '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
];

describe('GB/T 36904 license identifiers', () => {
  it('accepts identifiers issued by real platforms', () => {
    for (const identifier of REAL_IDENTIFIERS) {
      expect(parseLicenseIdentifier(identifier), identifier).toBeDefined();
    }
    expect(parseLicenseIdentifier(REAL_IDENTIFIERS[2]!)).toEqual({ typeCode: '11100000000013338W011', issuerCode: '11430000006122244L', serial: '20230000403', version: 2 });
  });

  it('rebuilds a real identifier with the same check character', () => {
    expect(buildLicenseIdentifier({ typeCode: '11100000000013338W087', issuerCode: '11370800MB28559184', serial: '37080001202411010001', version: 1 })).toBe(REAL_IDENTIFIERS[0]);
  });

  it('refuses an identifier with any one character changed', () => {
    const identifier = buildLicenseIdentifier({ typeCode: '114207000110010179001', issuerCode: '114207000110010179', serial: '202600000001', version: 1 });
    expect(parseLicenseIdentifier(identifier)).toBeDefined();
    const prefix = '1.2.156.3005.2.'.length;
    for (let i = prefix; i < identifier.length; i++) {
      if (identifier[i] === '.') {
        continue;
      }
      const replacement = identifier[i] === '7' ? '8' : '7';
      const changed = identifier.slice(0, i) + replacement + identifier.slice(i + 1);
      expect(parseLicenseIdentifier(changed), changed).toBeUndefined();
    }
  });

  it('refuses malformed identifiers', () => {
    const good = REAL_IDENTIFIERS[4]!;
    expect(parseLicenseIdentifier(good.replace('1.2.156.3005.2.', '1.2.156.3005.1.'))).toBeUndefined();
    expect(parseLicenseIdentifier(good.toLowerCase())).toBeUndefined();
    expect(parseLicenseIdentifier(`${good}.0`)).toBeUndefined();
    expect(parseLicenseIdentifier(good.replace('.002.', '.02.'))).toBeUndefined();
    expect(parseLicenseIdentifier('')).toBeUndefined();
    expect(() => buildLicenseIdentifier({ typeCode: '1142070001100101790', issuerCode: '114207000110010179', serial: '1', version: 1 })).toThrow(RangeError);
    expect(() => buildLicenseIdentifier({ typeCode: '114207000110010179001', issuerCode: '114207000110010179', serial: '1', version: 1000 })).toThrow(RangeError);
  });
});

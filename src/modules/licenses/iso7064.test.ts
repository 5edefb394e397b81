import { describe, expect, it } from 'vitest';
import { isValidMod3736, mod3736CheckChar } from './iso7064.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('gives the check character of the standard\'s example', () => {
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
    expect(isValidMod3736('A12425GABC1234002M')).toBe(true);
  });

  it('satisfies the verification property for every data string and fails every single substitution', () => {
    // Deterministic pseudo-random strings over the whole alphabet.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let n = 0; n < 200; n++) {
      const data = Array.from({ length: 1 + (next() % 40) }, () => ALPHABET[next() % 36]).join('');
      const full = data + mod3736CheckChar(data);
      expect(isValidMod3736(full)).toBe(true);
      const at = next() % full.length;
      for (const other of ALPHABET) {
        if (other !== full[at]) {
          expect(isValidMod3736(full.slice(0, at) + other + full.slice(at + 1)), `${full} @${at}→${other}`).toBe(false);
        }
      }
    }
  });

  it('detects swapped neighbours', () => {
    const full = `11100000000013338W0871137080000000042024110100010013`;
    const data = full.slice(0, -1);
    const checked = data + mod3736CheckChar(data);
    for (let i = 0; i + 1 < checked.length; i++) {
      if (checked[i] !== checked[i + 1]) {
        const swapped = checked.slice(0, i) + checked[i + 1] + checked[i] + checked.slice(i + 2);
        expect(isValidMod3736(swapped), `swap at ${i}`).toBe(false);
      }
    }
  });

  it('refuses characters outside 0-9A-Z and empty input', () => {
    expect(() => mod3736CheckChar('')).toThrow(RangeError);
    expect(() => mod3736CheckChar('AB-1')).toThrow(RangeError);
    expect(isValidMod3736('AB-1M')).toBe(false);
    expect(isValidMod3736('M')).toBe(false);
  });
});

/*
 * ISO/IEC 7064 hybrid system MOD 37,36 over the alphabet 0-9A-Z (values 0–35), the check
 * character of GB/T 36904 e-license identifiers. Per character a: s = (p + a) mod 36, with 0
 * read as 36; p = 2s mod 37, starting from p = 36. The check character c makes (p + c) mod
 * 36 = 1, so running the same loop over the data and its check character ends with s = 1.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

function step(p: number, value: number): number {
  const s = (p + value) % M || M;
  return (2 * s) % (M + 1);
}

function valueOf(char: string): number {
  const value = ALPHABET.indexOf(char);
  if (value < 0 || char.length !== 1) {
    throw new RangeError(`"${char}" is not in the MOD 37,36 alphabet 0-9A-Z`);
  }
  return value;
}

/**
 * The MOD 37,36 check character of `data` (characters 0-9 and A-Z; lower case is read as
 * upper case).
 * @throws RangeError on any other character or on empty input.
 */
export function mod3736CheckChar(data: string): string {
  if (data.length === 0) {
    throw new RangeError('MOD 37,36 needs at least one character');
  }
  let p = M;
  for (const char of data.toUpperCase()) {
    p = step(p, valueOf(char));
  }
  return ALPHABET[(M + 1 - p) % M] as string;
}

/** Whether the last character of `dataWithCheck` is the MOD 37,36 check character of the rest. */
export function isValidMod3736(dataWithCheck: string): boolean {
  const upper = dataWithCheck.toUpperCase();
  if (upper.length < 2 || !/^[0-9A-Z]+$/.test(upper)) {
    return false;
  }
  let p = M;
  let s = 0;
  for (const char of upper) {
    s = (p + valueOf(char)) % M || M;
    p = (2 * s) % (M + 1);
  }
  return s === 1;
}

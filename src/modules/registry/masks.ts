export { maskCitizenId } from '../../kernel/identifiers/index.js';

/**
 * Keeps a person's first character and masks the rest: `张三丰` → `张**`, `欧阳娜娜` → `欧***`,
 * a one-character name → `*`.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) {
    return '*'.repeat(chars.length);
  }
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Keeps the first 3 and the last 4 digits of a phone number: `13812345678` → `138****5678`.
 * Numbers of 7 digits or fewer are masked entirely.
 */
export function maskPhone(phone: string): string {
  const chars = [...phone.trim()];
  if (chars.length <= 7) {
    return '*'.repeat(chars.length);
  }
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

/** Keeps an address up to its township or street part: the first 6 characters, then `****`. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  return chars.length <= 6 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}****`;
}

/**
 * The significant prefix of a GB/T 2260 division code (420000 → 42, 420700 → 4207,
 * 420704 → 420704, 420704001 → 420704001). Codes under it belong to the division.
 */
export function divisionScopePrefix(code: string): string {
  if (code.length > 6) {
    return code.replace(/(000)+$/, '');
  }
  if (code.endsWith('0000')) {
    return code.slice(0, 2);
  }
  if (code.endsWith('00')) {
    return code.slice(0, 4);
  }
  return code;
}

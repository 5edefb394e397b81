/**
 * Item codes. The text of GB/T 39554.1-2020 was not obtained (STANDARDS.md); the layout
 * follows implementation codes seen on a live provincial platform:
 * `基本编码-12位区划-000-实施主体信用代码-1-00`.
 */
import { parseDivisionCode } from '../../kernel/identifiers/index.js';
import type { Level } from './services.model.js';

/** 基本编码: 12 digits or capital letters, the same for one item in every region. */
export const BASIC_CODE = /^[0-9A-Z]{12}$/;

/**
 * 证照类型代码 (GB/T 36903): the defining agency's 18-character credit code and a 3-digit
 * sequence. Only the form is checked: some agencies' early codes fail the GB 32100 check
 * (STANDARDS.md).
 */
export const LICENSE_TYPE_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$/;

/** The implementation code's fixed tail (办理项 1, no sub-case), as in the sample. */
const TAIL = '1-00';

/** A division code padded to the 12 digits of the statistics code: 420700 → 420700000000. */
export function division12(divisionCode: string): string {
  return divisionCode.padEnd(12, '0');
}

/** 实施编码 of an item with basic code `basicCode` implemented by an organisation. */
export function implementationCode(basicCode: string, organisation: { divisionCode: string; creditCode: string }): string {
  return `${basicCode}-${division12(organisation.divisionCode)}-000-${organisation.creditCode}-${TAIL}`;
}

/** 行使层级 of an organisation's division; null for an invalid code or a village. */
export function levelOf(divisionCode: string): Level | null {
  const parsed = parseDivisionCode(divisionCode);
  if (!parsed.ok) {
    return null;
  }
  switch (parsed.value.level) {
    case 'province':
      return 'province';
    case 'prefecture':
      return 'city';
    case 'county':
      return 'county';
    case 'township':
      return 'township';
    case 'village':
      return null;
  }
}

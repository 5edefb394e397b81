/**
 * Chinese identifiers: citizen ID numbers (GB 11643), unified social credit codes
 * (GB 32100) and administrative division codes (GB/T 2260 and the statistics extension).
 * Every parser returns a {@link ParseResult} with machine error codes; none throws on bad
 * input.
 */
export type { ParseIssue, ParseResult, DivisionCode, DivisionLevel } from './division-code.js';
export { PROVINCES, isProvinceCode, parseDivisionCode, divisionPrefix, isWithinDivision } from './division-code.js';
export type { CitizenId, ParseCitizenIdOptions } from './citizen-id.js';
export { parseCitizenId, isValidCitizenId, citizenIdCheckChar, maskCitizenId } from './citizen-id.js';
export type { CreditCode, ParseCreditCodeOptions } from './credit-code.js';
export { CREDIT_CODE_REGISTRARS, parseCreditCode, isValidCreditCode, creditCodeCheckChar, orgCodeCheckChar } from './credit-code.js';

import { isValidMod3736, mod3736CheckChar } from './iso7064.js';

/** The fixed OID arc of e-license identifiers (GB/T 36904): 1.2.156.3005.2. */
export const LICENSE_IDENTIFIER_PREFIX = '1.2.156.3005.2.';

/** The parts of `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`. */
export interface LicenseIdentifierParts {
  /** 证照类型代码: the defining agency's credit code and a 3-digit sequence. */
  typeCode: string;
  /** 颁发机构代码: usually the issuer's unified social credit code. */
  issuerCode: string;
  /** 流水号, unique per type and issuer. */
  serial: string;
  /** 版本号, 1 to 999. */
  version: number;
}

const TYPE_CODE = /^[0-9A-Z]{18}[0-9]{3}$/;
// Issuer codes seen in real identifiers are credit codes, and sometimes a division code.
const ISSUER_CODE = /^[0-9A-Z]{6,32}$/;
const SERIAL = /^[0-9A-Z]{1,64}$/;

/** Whether `code` has the shape of a license type code (18-character credit code + 3 digits). */
export const isLicenseTypeCode = (code: string): boolean => TYPE_CODE.test(code);

/**
 * Builds an identifier with its MOD 37,36 check character, computed over type, issuer,
 * serial and version without the dots.
 * @throws RangeError when a part has the wrong shape.
 */
export function buildLicenseIdentifier(parts: LicenseIdentifierParts): string {
  const problems = identifierProblems(parts);
  if (problems.length > 0) {
    throw new RangeError(`invalid license identifier parts: ${problems.join('; ')}`);
  }
  const version = String(parts.version).padStart(3, '0');
  const check = mod3736CheckChar(`${parts.typeCode}${parts.issuerCode}${parts.serial}${version}`);
  return `${LICENSE_IDENTIFIER_PREFIX}${parts.typeCode}.${parts.issuerCode}.${parts.serial}.${version}.${check}`;
}

/** The parts of a well-formed identifier whose check character holds; undefined otherwise. */
export function parseLicenseIdentifier(identifier: string): LicenseIdentifierParts | undefined {
  if (!identifier.startsWith(LICENSE_IDENTIFIER_PREFIX)) {
    return undefined;
  }
  const fields = identifier.slice(LICENSE_IDENTIFIER_PREFIX.length).split('.');
  if (fields.length !== 5) {
    return undefined;
  }
  const [typeCode, issuerCode, serial, versionText, check] = fields as [string, string, string, string, string];
  if (!/^[0-9]{3}$/.test(versionText) || !/^[0-9A-Z]$/.test(check)) {
    return undefined;
  }
  const parts = { typeCode, issuerCode, serial, version: Number(versionText) };
  if (identifierProblems(parts).length > 0 || !isValidMod3736(`${typeCode}${issuerCode}${serial}${versionText}${check}`)) {
    return undefined;
  }
  return parts;
}

function identifierProblems(parts: LicenseIdentifierParts): string[] {
  return [
    ...(TYPE_CODE.test(parts.typeCode) ? [] : ['type code must be an 18-character credit code and 3 digits']),
    ...(ISSUER_CODE.test(parts.issuerCode) ? [] : ['issuer code must be 6 to 32 characters 0-9A-Z']),
    ...(SERIAL.test(parts.serial) ? [] : ['serial must be 1 to 64 characters 0-9A-Z']),
    ...(Number.isInteger(parts.version) && parts.version >= 1 && parts.version <= 999 ? [] : ['version must be 1 to 999']),
  ];
}

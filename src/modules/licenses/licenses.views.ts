import { maskCitizenId } from '../../kernel/identifiers/index.js';
import { maskName } from '../registry/index.js';
import type { HolderCodeType, LicenseContent } from './license-document.js';
import type { LicenseSummaryRow, TypeRow } from './license.repository.js';
import type { LicenseOrigin, LicenseStatus } from './licenses.tables.js';

/** The state a license is in today: its recorded status, or expired past its last valid day. */
export type LicenseState = 'valid' | 'expired' | 'revoked';

/** A license as staff see it: metadata, the holder's ID number masked. */
export interface License {
  id: string;
  identifier: string;
  origin: LicenseOrigin;
  number: string;
  name: string;
  type: { code: string; name: string };
  holder: { name: string; code: string; codeType: HolderCodeType };
  issuedOn: string;
  validFrom: string;
  validTo: string | null;
  issuer: { name: string; code: string };
  relatedItem: { code: string; name: string } | null;
  jurisdiction: string;
  status: LicenseStatus;
  state: LicenseState;
  revokedAt: string | null;
  revokeReason: string | null;
  keyFingerprint: string;
  createdAt: string;
}

/** A license with its surface data (照面信息), for staff and for other modules. */
export interface LicenseDetail extends License {
  data: Record<string, unknown>;
}

export const maskHolderCode = (code: string, codeType: HolderCodeType): string => (codeType === '111' ? maskCitizenId(code) : code);

/** Persons' names are personal data; an entity's registered name is public. */
export const maskHolderName = (name: string, codeType: HolderCodeType): string => (codeType === '111' ? maskName(name) : name);

export function stateOf(status: LicenseStatus, validTo: string | null, today: string): LicenseState {
  if (status === 'revoked') {
    return 'revoked';
  }
  return validTo !== null && validTo < today ? 'expired' : 'valid';
}

export function licenseView(row: LicenseSummaryRow, today: string): License {
  return {
    id: row.id,
    identifier: row.identifier,
    origin: row.origin,
    number: row.number,
    name: row.name,
    type: { code: row.type_code, name: row.type_name },
    holder: { name: row.holder_name, code: row.holder_code_masked, codeType: row.holder_code_type },
    issuedOn: row.issued_on,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    issuer: { name: row.issuer_name, code: row.issuer_code },
    relatedItem: row.related_item_code === null ? null : { code: row.related_item_code, name: row.related_item_name ?? '' },
    jurisdiction: row.jurisdiction,
    status: row.status,
    state: stateOf(row.status, row.valid_to, today),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    revokeReason: row.revoke_reason,
    keyFingerprint: row.key_fingerprint,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The non-sensitive fields of signed content that a public verification may show. */
export function publicFields(content: LicenseContent) {
  return {
    identifier: content.identifier,
    number: content.number,
    name: content.name,
    typeName: content.type.name,
    holderName: maskHolderName(content.holder.name, content.holder.codeType),
    holderCode: maskHolderCode(content.holder.code, content.holder.codeType),
    holderCodeType: content.holder.codeType,
    issuedOn: content.issuedOn,
    validFrom: content.validFrom,
    validTo: content.validTo,
    issuerName: content.issuer.name,
    jurisdiction: content.jurisdiction,
  };
}

export interface LicenseType {
  code: string;
  name: string;
  holderKind: 'person' | 'entity';
  validityYears: number | null;
  definingAgency: { name: string; code: string };
  issuer: { name: string; code: string; divisionCode: string };
  relatedItem: { code: string; name: string } | null;
  numberPrefix: string;
  fields: Array<{ name: string; label: string; required: boolean }>;
  description: string;
}

export const typeView = (t: TypeRow): LicenseType => ({
  code: t.code,
  name: t.name,
  holderKind: t.holder_kind,
  validityYears: t.validity_years,
  definingAgency: { name: t.defining_agency_name, code: t.defining_agency_code },
  issuer: { name: t.issuer_name, code: t.issuer_code, divisionCode: t.issuer_division },
  relatedItem: t.related_item_code === null ? null : { code: t.related_item_code, name: t.related_item_name ?? '' },
  numberPrefix: t.number_prefix,
  fields: t.fields,
  description: t.description,
});

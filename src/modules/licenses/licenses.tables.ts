import type { ColumnType, Generated } from 'kysely';
import type { HolderCodeType } from './license-document.js';

export type HolderKind = 'person' | 'entity';
export type LicenseOrigin = 'local' | 'foreign';
export type LicenseStatus = 'valid' | 'revoked';
export type KeyScope = 'local' | 'trusted';

/** One surface field (照面信息项) of a license type. */
export interface TypeField {
  name: string;
  label: string;
  required: boolean;
}

// Dates travel as `YYYY-MM-DD` strings both ways (read through to_char).
type Day = ColumnType<string, string, string>;

export interface LicensesTables {
  licenses_type: {
    code: string;
    name: string;
    holder_kind: HolderKind;
    validity_years: number | null;
    defining_agency_name: string;
    defining_agency_code: string;
    issuer_name: string;
    issuer_code: string;
    issuer_division: string;
    related_item_code: string | null;
    related_item_name: string | null;
    number_prefix: Generated<string>;
    fields: ColumnType<TypeField[], string, string>;
    description: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  licenses_license: {
    id: Generated<string>;
    identifier: string;
    origin: LicenseOrigin;
    type_code: string;
    type_name: string;
    number: string;
    name: string;
    holder_name: string;
    holder_code_type: HolderCodeType;
    holder_code_masked: string;
    holder_index: Buffer;
    issued_on: Day;
    valid_from: Day;
    valid_to: Day | null;
    issuer_name: string;
    issuer_code: string;
    related_item_code: string | null;
    related_item_name: string | null;
    jurisdiction: string;
    content_enc: Buffer;
    signature: Buffer;
    key_fingerprint: string;
    status: Generated<LicenseStatus>;
    revoked_at: Date | null;
    revoked_by: string | null;
    revoke_reason: string | null;
    recorded_by: string | null;
    created_at: Generated<Date>;
  };
  licenses_key: {
    fingerprint: string;
    scope: KeyScope;
    city_name: string;
    division_code: string;
    public_key_pem: string;
    added_by: string | null;
    added_at: Generated<Date>;
    revoked_at: Date | null;
    revoked_by: string | null;
    revoke_reason: string | null;
  };
}

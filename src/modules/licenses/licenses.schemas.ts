import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import type { LicenseContent } from './license-document.js';

/** `T | null` for object schemas (the kernel's Nullable is for scalars). */
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const HolderCodeType = Type.Union([Type.Literal('111'), Type.Literal('049')], { description: '111 居民身份证, 049 统一社会信用代码' });
const CodeName = Type.Object({ code: Text(64), name: Text(200) });

// Without `format`: TypeBox's Value.Check, which the verifier uses, knows no formats.
const ContentDay = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

/** The signed content of a license (see license-document.ts); what other cities' documents must match. */
export const LicenseContentSchema = Type.Object({
  format: Type.Literal('yiwang-license/1'),
  identifier: Text(200),
  number: Text(100),
  name: Text(100),
  type: CodeName,
  holder: Type.Object({ name: Text(200), code: Text(32), codeType: HolderCodeType }),
  issuedOn: ContentDay,
  issuer: CodeName,
  validFrom: ContentDay,
  validTo: OrNull(ContentDay),
  relatedItem: OrNull(CodeName),
  jurisdiction: Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' }),
  data: Type.Record(Type.String(), Type.Unknown()),
});

/** A signed license document as presented for verification; content is checked by the verifier, not here. */
export const SignedDocumentBody = Type.Object(
  {
    content: Type.Record(Type.String(), Type.Unknown()),
    signature: Type.Object({
      algorithm: Type.Literal('SM2-SM3'),
      userId: Type.Optional(Type.String({ maxLength: 100 })),
      value: Type.String({ minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
      keyFingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      publicKeyPem: Type.Optional(Type.String({ maxLength: 2000 })),
    }),
    /** Carried by downloaded documents; not part of what is verified. */
    verifyUrl: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const IssueBody = Type.Object(
  {
    typeCode: Type.String({ pattern: '^[0-9A-Z]{18}[0-9]{3}$' }),
    holder: Type.Object({ name: Text(200), code: Text(32), codeType: Type.Optional(HolderCodeType) }, { additionalProperties: false }),
    data: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { default: {} }),
    relatedItem: Type.Optional(Type.Object({ code: Text(64), name: Text(200) }, { additionalProperties: false })),
    validFrom: Type.Optional(Day),
    validTo: Type.Optional(Type.Union([Day, Type.Null()])),
    issuedOn: Type.Optional(Day),
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S+$' })),
  },
  { additionalProperties: false },
);
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const IdentifierParams = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 200 }) });
export const HolderParams = Type.Object({ holderCode: Type.String({ minLength: 1, maxLength: 32 }) });
export const FingerprintParams = Type.Object({ fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  typeCode: Type.Optional(Type.String({ maxLength: 21 })),
  status: Type.Optional(Type.Union([Type.Literal('valid'), Type.Literal('revoked')])),
  origin: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('foreign')])),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});
export const TrustBody = Type.Object(
  {
    cityName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    divisionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    publicKeyPem: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

const LicenseState = Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked')]);
export const License = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  origin: Type.String(),
  number: Type.String(),
  name: Type.String(),
  type: Type.Object({ code: Type.String(), name: Type.String() }),
  holder: Type.Object({ name: Type.String(), code: Type.String({ description: 'ID numbers masked' }), codeType: Type.String() }),
  issuedOn: Type.String(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  issuer: Type.Object({ name: Type.String(), code: Type.String() }),
  relatedItem: OrNull(Type.Object({ code: Type.String(), name: Type.String() })),
  jurisdiction: Type.String(),
  status: Type.String(),
  state: LicenseState,
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  keyFingerprint: Type.String(),
  createdAt: Type.String(),
});
export const LicenseDetail = Type.Intersect([License, Type.Object({ data: Type.Record(Type.String(), Type.Unknown()) })]);
export const LicensePage = Type.Object({ items: Type.Array(License), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const LicenseType = Type.Object({
  code: Type.String(),
  name: Type.String(),
  holderKind: Type.String(),
  validityYears: Nullable(Type.Integer()),
  definingAgency: Type.Object({ name: Type.String(), code: Type.String() }),
  issuer: Type.Object({ name: Type.String(), code: Type.String(), divisionCode: Type.String() }),
  relatedItem: OrNull(Type.Object({ code: Type.String(), name: Type.String() })),
  numberPrefix: Type.String(),
  fields: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), required: Type.Boolean() })),
  description: Type.String(),
});
export const Signer = Type.Object({ scope: Type.String(), cityName: Type.String(), divisionCode: Type.String(), fingerprint: Type.String() });
export const TrustedKey = Type.Intersect([
  Signer,
  Type.Object({ publicKeyPem: Type.String(), addedAt: Type.String(), revokedAt: Nullable(Type.String()), revokeReason: Nullable(Type.String()) }),
]);

/** What anyone may see of a verification: status, signer, and the license with its holder masked. */
export const PublicVerification = Type.Object({
  status: Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked'), Type.Literal('forged'), Type.Literal('unknown')]),
  reason: Nullable(Type.String()),
  signer: OrNull(Signer),
  revokedAt: Nullable(Type.String()),
  license: OrNull(
    Type.Object({
      identifier: Type.String(),
      number: Type.String(),
      name: Type.String(),
      typeName: Type.String(),
      holderName: Type.String(),
      holderCode: Type.String(),
      holderCodeType: Type.String(),
      issuedOn: Type.String(),
      validFrom: Type.String(),
      validTo: Nullable(Type.String()),
      issuerName: Type.String(),
      jurisdiction: Type.String(),
    }),
  ),
});
export const SignedDocument = Type.Object({
  content: Type.Unsafe<LicenseContent>(Type.Record(Type.String(), Type.Unknown())),
  signature: Type.Object({ algorithm: Type.String(), userId: Type.String(), value: Type.String(), keyFingerprint: Type.String(), publicKeyPem: Type.Optional(Type.String()) }),
  verifyUrl: Type.Optional(Type.String()),
});
export const ImportAnswer = Type.Object({ license: License, created: Type.Boolean(), signer: Signer });

export type SignedDocumentInput = Static<typeof SignedDocumentBody>;

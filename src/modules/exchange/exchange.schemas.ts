import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import type { GrantRow, RequestRow } from './exchange.repository.js';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const Uuid = Type.String({ format: 'uuid' });
const FieldName = Type.String({ minLength: 1, maxLength: 64 });

export const IdParams = Type.Object({ id: Uuid });
export const RequestStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('narrowed'), Type.Literal('rejected'), Type.Literal('withdrawn')]);

export const CreateRequestBody = Type.Object(
  {
    resourceId: Type.String({ minLength: 1, maxLength: 64, description: 'catalog resource id or code' }),
    purpose: Type.String({ minLength: 1, maxLength: 2000 }),
    fields: Type.Array(FieldName, { minItems: 1, maxItems: 200 }),
    validFrom: Day,
    validTo: Day,
    ratePerMinute: Type.Integer({ minimum: 1, maximum: 100000 }),
    clearText: Type.Boolean({ default: false }),
    clearTextReason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    fields: Type.Optional(Type.Array(FieldName, { minItems: 1, maxItems: 200 })),
    validTo: Type.Optional(Day),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    clearText: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const RejectBody = Type.Object({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false });
export const WithdrawBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false });

export const RequestQuery = Type.Object({
  box: Type.Union([Type.Literal('inbox'), Type.Literal('outbox')], { default: 'outbox' }),
  status: Type.Optional(RequestStatus),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
export const GrantQuery = Type.Object({ side: Type.Union([Type.Literal('consumer'), Type.Literal('owner')], { default: 'consumer' }) });
export const UsageQuery = Type.Object({
  resourceId: Type.Optional(Uuid),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  side: Type.Optional(Type.Union([Type.Literal('owner'), Type.Literal('consumer')])),
});

export const Request = Type.Object({
  id: Type.String(),
  resource: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  owner: Type.Object({ id: Type.String(), name: Type.String() }),
  consumer: Type.Object({ id: Type.String(), name: Type.String(), divisionCode: Type.String() }),
  requestedBy: Type.String(),
  purpose: Type.String(),
  fields: Type.Array(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  ratePerMinute: Type.Integer(),
  clearText: Type.Boolean(),
  clearTextReason: Nullable(Type.String()),
  status: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
});

export const Grant = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  resource: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  ownerOrgId: Type.String(),
  consumer: Type.Object({ id: Type.String(), name: Type.String() }),
  regionPrefix: Type.String(),
  purpose: Type.String(),
  fields: Type.Array(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  ratePerMinute: Type.Integer(),
  clearText: Type.Boolean(),
  status: Type.String(),
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const Usage = Type.Object({
  from: Type.String(),
  to: Type.String(),
  series: Type.Array(Type.Object({ day: Type.String(), calls: Type.Integer(), refused: Type.Integer() })),
  consumers: Type.Array(Type.Object({ consumerOrgId: Type.String(), consumerOrgName: Type.String(), calls: Type.Integer(), refused: Type.Integer() })),
  resources: Type.Array(Type.Object({ resourceId: Type.String(), resourceName: Type.String(), calls: Type.Integer(), refused: Type.Integer() })),
});

export const GatewayHeaders = Type.Object({
  'x-yiwang-purpose': Type.Optional(Type.String({ maxLength: 2000 })),
  'x-yiwang-case': Type.Optional(Type.String({ maxLength: 200 })),
});
export const GatewayQuery = Type.Object({
  purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  case: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  fields: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'comma-separated field names' })),
});
export const LookupAnswer = Type.Object({
  grantId: Type.String(),
  clearText: Type.Boolean(),
  data: Type.Record(Type.String(), Type.Unknown()),
  withheld: Type.Array(Type.String()),
});
export const VerifyBody = Type.Object(
  {
    pairs: Type.Array(Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  { additionalProperties: false },
);
export const VerifyAnswer = Type.Object({
  grantId: Type.String(),
  results: Type.Array(Type.Object({ index: Type.Integer(), match: Type.Union([Type.Boolean(), Type.Null()]) })),
});

export type RequestView = Static<typeof Request>;
export type GrantView = Static<typeof Grant>;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const requestView = (r: RequestRow): RequestView => ({
  id: r.id,
  resource: { id: r.resource_id, code: r.resource_code, name: r.resource_name },
  owner: { id: r.owner_org_id, name: r.owner_org_name },
  consumer: { id: r.consumer_org_id, name: r.consumer_org_name, divisionCode: r.consumer_division },
  requestedBy: r.requested_by,
  purpose: r.purpose,
  fields: r.fields,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  ratePerMinute: r.rate_per_minute,
  clearText: r.clear_text,
  clearTextReason: r.clear_text_reason,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  decisionReason: r.decision_reason,
  version: r.version,
  createdAt: iso(r.created_at)!,
});

export const grantView = (g: GrantRow): GrantView => ({
  id: g.id,
  requestId: g.request_id,
  resource: { id: g.resource_id, code: g.resource_code, name: g.resource_name },
  ownerOrgId: g.owner_org_id,
  consumer: { id: g.consumer_org_id, name: g.consumer_org_name },
  regionPrefix: g.region_prefix,
  purpose: g.purpose,
  fields: g.fields,
  validFrom: g.valid_from,
  validTo: g.valid_to,
  ratePerMinute: g.rate_per_minute,
  clearText: g.clear_text,
  status: g.status,
  revokedAt: iso(g.revoked_at),
  revokeReason: g.revoke_reason,
  createdAt: iso(g.created_at)!,
});

import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Any() }),
});

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

export function PageOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
}

const Uuid = Type.String({ format: 'uuid' });
const DivisionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' });
const Search = Type.String({ minLength: 1, maxLength: 100 });

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]),
  roles: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
  permissions: Type.Array(Type.String()),
  organisation: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  division: Type.Object({ code: Type.String(), name: Type.String() }),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

export const Division = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
  kind: Nullable(Type.String()),
});
export const DivisionQuery = Type.Object({ parentCode: Type.Optional(DivisionCode), q: Type.Optional(Search), ...PageQuery });

export const OrganisationKind = Type.Union([
  Type.Literal('government'),
  Type.Literal('department'),
  Type.Literal('enterprise'),
  Type.Literal('other'),
]);
export const Organisation = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  kind: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  parentId: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
});
export const OrganisationQuery = Type.Object({ q: Type.Optional(Search), kind: Type.Optional(OrganisationKind), ...PageQuery });
export const CreateOrganisationBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    kind: OrganisationKind,
    divisionCode: DivisionCode,
    parentId: Type.Optional(Uuid),
    creditCode: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })),
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  organisationId: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  locale: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  lastLoginAt: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
});
export const UserQuery = Type.Object({ q: Type.Optional(Search), ...PageQuery });
const Username = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,31}$' });
const Password = Type.String({ minLength: 10, maxLength: 128 });
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]);
const RoleCodes = Type.Array(Type.String({ pattern: '^[a-z_]{2,40}$' }), { maxItems: 20, uniqueItems: true });
export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Password,
    organisationId: Type.Optional(Uuid),
    divisionCode: Type.Optional(DivisionCode),
    roles: RoleCodes,
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    roles: Type.Optional(RoleCodes),
    locale: Type.Optional(Locale),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Uuid });

export const Role = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), permissions: Type.Array(Type.String()) });

export const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  organisationId: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});
export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100 }),
    organisationId: Uuid,
    scopes: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.-]{1,63}$' }), { minItems: 1, maxItems: 50, uniqueItems: true }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export type MeBody = Static<typeof Me>;

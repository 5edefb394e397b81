import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Time = Type.String({ format: 'date-time' });
const Division = Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' });

export const TYPE_CODE = '^[a-z][a-z0-9-]{1,39}$';
export const DEVICE_CODE = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const FIELD_KEY = '^[a-zA-Z][a-zA-Z0-9_]{0,39}$';

const Category = Type.Union(
  [
    Type.Literal('water'),
    Type.Literal('drainage'),
    Type.Literal('cover'),
    Type.Literal('fire'),
    Type.Literal('air'),
    Type.Literal('light'),
    Type.Literal('parking'),
    Type.Literal('other'),
  ],
  {
    description: 'water 水利水文, drainage 排水, cover 井盖, fire 消防, air 环境空气, light 路灯, parking 停车, other 其他',
  },
);
const DeviceStatus = Type.Union([Type.Literal('active'), Type.Literal('maintenance'), Type.Literal('retired')], {
  description: 'active 在用; maintenance 检修（照常收数，不判规则）; retired 停用（拒收数据）',
});
const Severity = Type.Union([Type.Literal('minor'), Type.Literal('major'), Type.Literal('critical')]);
const RuleKind = Type.Union([Type.Literal('threshold'), Type.Literal('rate'), Type.Literal('silence')]);
const Operator = Type.Union([Type.Literal('>'), Type.Literal('>='), Type.Literal('<'), Type.Literal('<=')]);
const Values = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));

export const TelemetryFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: FIELD_KEY }),
    label: Text(50),
    unit: Type.String({ maxLength: 20 }),
    type: Type.Union([Type.Literal('number'), Type.Literal('integer'), Type.Literal('boolean')]),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const DeviceTypeSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  category: Category,
  description: Type.String(),
  fields: Type.Array(TelemetryFieldSchema),
  retentionDays: Type.Integer(),
});
export const DeviceTypeBody = Type.Object(
  {
    code: Type.String({ pattern: TYPE_CODE }),
    name: Text(100),
    category: Category,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    fields: Type.Array(TelemetryFieldSchema, { minItems: 1, maxItems: 64 }),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export const DeviceTypeChange = Type.Partial(Type.Omit(DeviceTypeBody, ['code']), { additionalProperties: false });

const Location = Type.Object(
  { lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
  { additionalProperties: false, description: 'CGCS2000 / WGS-84 degrees (not GCJ-02)' },
);

export const DeviceSchema = Type.Object({
  code: Type.String(),
  typeCode: Type.String(),
  name: Type.String(),
  vendor: Type.String(),
  model: Type.String(),
  owner: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  divisionCode: Type.String(),
  location: OrNull(Location),
  address: Type.String(),
  gridCode: Nullable(Type.String()),
  installedOn: Nullable(Type.String()),
  status: DeviceStatus,
  hasCredential: Type.Boolean(),
  lastSeenAt: Nullable(Type.String()),
  silentSince: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const DeviceDetailSchema = Type.Composite([
  DeviceSchema,
  Type.Object({
    type: DeviceTypeSchema,
    state: Type.Object({ lastTs: Nullable(Type.String()), values: Values }),
    openAlarms: Type.Integer(),
  }),
]);
export const DevicePage = Type.Object({ items: Type.Array(DeviceSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const DeviceBody = Type.Object(
  {
    code: Type.String({ pattern: DEVICE_CODE }),
    typeCode: Type.String({ pattern: TYPE_CODE }),
    name: Text(200),
    vendor: Type.Optional(Type.String({ maxLength: 100 })),
    model: Type.Optional(Type.String({ maxLength: 100 })),
    ownerId: Type.Optional(Type.String({ format: 'uuid', description: 'default: the caller’s organisation' })),
    divisionCode: Type.Optional(Division),
    location: Type.Optional(Location),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    gridCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    installedOn: Type.Optional(Day),
    status: Type.Optional(DeviceStatus),
  },
  { additionalProperties: false },
);
export const DeviceChange = Type.Object(
  {
    name: Type.Optional(Text(200)),
    vendor: Type.Optional(Type.String({ maxLength: 100 })),
    model: Type.Optional(Type.String({ maxLength: 100 })),
    divisionCode: Type.Optional(Division),
    location: Type.Optional(OrNull(Location)),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    gridCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    installedOn: Type.Optional(Type.Union([Day, Type.Null()])),
    status: Type.Optional(DeviceStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const Registered = Type.Object({
  device: DeviceSchema,
  credential: Type.String({ description: '设备凭证（ywd_…），只显示这一次；设备以 Authorization: Bearer 或 MQTT 密码使用' }),
});
export const CredentialAnswer = Type.Object({ code: Type.String(), credential: Type.String() });
export const ImportAnswer = Type.Object({ created: Type.Integer(), credentials: Type.Array(CredentialAnswer) });

export const DeviceQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  typeCode: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(DeviceStatus),
  ownerId: Type.Optional(Type.String({ format: 'uuid' })),
  divisionCode: Type.Optional(Division),
  connectivity: Type.Optional(Type.Union([Type.Literal('reporting'), Type.Literal('silent'), Type.Literal('never')])),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
});
export const CodeParams = Type.Object({ code: Type.String({ pattern: DEVICE_CODE }) });
export const TypeParams = Type.Object({ code: Type.String({ pattern: TYPE_CODE }) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const TelemetryQuery = Type.Object({
  from: Type.Optional(Time),
  to: Type.Optional(Time),
  fields: Type.Optional(Type.String({ maxLength: 500, description: 'comma-separated field keys; default: all' })),
  points: Type.Integer({ minimum: 10, maximum: 5000, default: 300, description: 'most points per field; longer ranges are averaged into buckets' }),
  raw: Type.Boolean({ default: false, description: 'the stored readings themselves (at most `points`, newest last)' }),
});
export const TelemetryAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucketSeconds: Type.Integer({ description: '0 for raw readings' }),
  fields: Type.Array(Type.String()),
  points: Type.Array(
    Type.Object({
      ts: Type.String(),
      count: Type.Integer(),
      values: Type.Record(Type.String(), Nullable(Type.Number())),
      min: Type.Optional(Type.Record(Type.String(), Nullable(Type.Number()))),
      max: Type.Optional(Type.Record(Type.String(), Nullable(Type.Number()))),
    }),
  ),
});

export const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: RuleKind,
  typeCode: Nullable(Type.String()),
  deviceCode: Nullable(Type.String()),
  field: Nullable(Type.String()),
  operator: OrNull(Operator),
  threshold: Nullable(Type.Number()),
  clearThreshold: Nullable(Type.Number()),
  ratePerMinute: Nullable(Type.Number()),
  silenceMinutes: Nullable(Type.Integer()),
  raiseAfter: Type.Integer(),
  clearAfter: Type.Integer(),
  severity: Severity,
  enabled: Type.Boolean(),
  description: Type.String(),
});
const ruleFields = {
  name: Text(200),
  field: Type.Optional(Type.String({ pattern: FIELD_KEY })),
  operator: Type.Optional(Operator),
  threshold: Type.Optional(Type.Number()),
  clearThreshold: Type.Optional(Type.Number({ description: 'hysteresis: the alarm clears once readings are back beyond this (default: threshold)' })),
  ratePerMinute: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  silenceMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })),
  raiseAfter: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'consecutive breaching readings that raise the alarm' })),
  clearAfter: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'consecutive clear readings that clear it' })),
  severity: Type.Optional(Severity),
  enabled: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
};
export const RuleBody = Type.Object(
  {
    kind: RuleKind,
    typeCode: Type.Optional(Type.String({ pattern: TYPE_CODE, description: 'every device of this type (or deviceCode)' })),
    deviceCode: Type.Optional(Type.String({ pattern: DEVICE_CODE })),
    ...ruleFields,
  },
  { additionalProperties: false },
);
export const RuleChange = Type.Object(
  { ...ruleFields, name: Type.Optional(Text(200)) },
  { additionalProperties: false, minProperties: 1 },
);
export const RuleQuery = Type.Object({ typeCode: Type.Optional(Type.String({ maxLength: 40 })), deviceCode: Type.Optional(Type.String({ pattern: DEVICE_CODE })) });

const ReadingSchema = Type.Object({ ts: Type.String(), values: Values });
export const AlarmSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  kind: RuleKind,
  severity: Severity,
  status: Type.Union([Type.Literal('active'), Type.Literal('cleared')]),
  message: Type.String(),
  device: Type.Object({ code: Type.String(), name: Type.String(), typeCode: Type.String(), divisionCode: Type.String(), gridCode: Nullable(Type.String()), location: OrNull(Location) }),
  raisedAt: Type.String(),
  clearedAt: Nullable(Type.String()),
  clearReason: Nullable(Type.String()),
  readings: Type.Array(ReadingSchema),
  clearReadings: Type.Array(ReadingSchema),
});
export const AlarmQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('cleared')])),
  severity: Type.Optional(Severity),
  kind: Type.Optional(RuleKind),
  typeCode: Type.Optional(Type.String({ maxLength: 40 })),
  deviceCode: Type.Optional(Type.String({ pattern: DEVICE_CODE })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
});
export const AlarmPage = Type.Object({ items: Type.Array(AlarmSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const RejectSchema = Type.Object({
  receivedAt: Type.String(),
  source: Type.String(),
  topic: Nullable(Type.String()),
  deviceCode: Nullable(Type.String()),
  reason: Type.String(),
  detail: Type.String(),
  payload: Type.String(),
});
export const RejectQuery = Type.Object({
  deviceCode: Type.Optional(Type.String({ maxLength: 100 })),
  reason: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});
export const RejectPage = Type.Object({ items: Type.Array(RejectSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const TelemetryBody = Type.Object(
  {
    ts: Type.Union([Type.String({ maxLength: 40 }), Type.Integer()], { description: 'ISO 8601 with a time zone, or epoch milliseconds' }),
    values: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown()),
  },
  { description: 'the same JSON as an MQTT message (src/modules/iot/README.md)' },
);
export const TelemetryAccepted = Type.Object({ status: Type.Union([Type.Literal('stored'), Type.Literal('duplicate')]) });

export type DeviceType = Static<typeof DeviceTypeSchema>;
export type DeviceTypeInput = Static<typeof DeviceTypeBody>;
export type DeviceTypeUpdate = Static<typeof DeviceTypeChange>;
export type Device = Static<typeof DeviceSchema>;
export type DeviceDetail = Static<typeof DeviceDetailSchema>;
export type DeviceInput = Static<typeof DeviceBody>;
export type DeviceUpdate = Static<typeof DeviceChange>;
export type DeviceSearch = Static<typeof DeviceQuery>;
export type TelemetrySearch = Static<typeof TelemetryQuery>;
export type Telemetry = Static<typeof TelemetryAnswer>;
export type RuleView = Static<typeof RuleSchema>;
export type RuleInputBody = Static<typeof RuleBody>;
export type RuleUpdate = Static<typeof RuleChange>;
export type Alarm = Static<typeof AlarmSchema>;
export type AlarmSearch = Static<typeof AlarmQuery>;
export type RejectView = Static<typeof RejectSchema>;
export type RejectSearch = Static<typeof RejectQuery>;

import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import type * as Model from './services.model.js';

const L = Type.Literal;

// Spelled out (not mapped from the model's arrays) so that the type provider infers literal
// unions; the check below keeps them equal to the model's types.
export const ItemType = Type.Union([L('licensing'), L('confirmation'), L('benefit'), L('reward'), L('adjudication'), L('other_power'), L('public_service')], {
  description: 'licensing 行政许可 / confirmation 行政确认 / benefit 行政给付 / reward 行政奖励 / adjudication 行政裁决 / other_power 其他行政权力 / public_service 公共服务',
});
export const Level = Type.Union([L('province'), L('city'), L('county'), L('township')], { description: '省级 / 市级 / 县(区)级 / 乡镇(街道)级' });
export const Subject = Type.Union([L('natural_person'), L('legal_person')], { description: 'natural_person 自然人 / legal_person 法人' });
export const Channel = Type.Union([L('online'), L('window'), L('mobile'), L('self_service')], { description: '网上办 / 窗口办 / 掌上办 / 自助办' });
export const OnlineDepth = Type.Union([L('consult'), L('pre_review'), L('online_apply'), L('full_online')], {
  description: 'consult 网上咨询 / pre_review 网上预审 / online_apply 网上申请 / full_online 全程网办',
});
export const Status = Type.Union([L('draft'), L('published'), L('withdrawn')], { description: 'draft 草稿 / published 已发布 / withdrawn 已撤回' });
export const MaterialForm = Type.Union([L('original'), L('copy'), L('electronic')], { description: '原件 / 复印件 / 电子件' });
export const Requirement = Type.Union([L('required'), L('conditional')], { description: 'required 必要 / conditional 按情形提交' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _enumsMatchModel: [
  Same<Static<typeof ItemType>, Model.ItemType>,
  Same<Static<typeof Level>, Model.Level>,
  Same<Static<typeof Subject>, Model.Subject>,
  Same<Static<typeof Channel>, Model.Channel>,
  Same<Static<typeof OnlineDepth>, Model.OnlineDepth>,
  Same<Static<typeof Status>, Model.Status>,
  Same<Static<typeof MaterialForm>, Model.MaterialForm>,
  Same<Static<typeof Requirement>, Model.Requirement>,
] = [true, true, true, true, true, true, true, true];

const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
const Note = Type.String({ minLength: 1, maxLength: 500 });
const Days = Type.Integer({ minimum: 0, maximum: 3650, description: 'working days (工作日)' });
const DivisionCode = Type.String({ pattern: '^[0-9]{6}$' });
const LicenseTypeCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$', description: '证照类型代码 (GB/T 36903): credit code of the defining agency + 3 digits' });
/** Any JSON object; checked as a JSON Schema by the service. */
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const MaterialInput = Type.Object(
  {
    name: Text(200, 1),
    licenseTypeCode: Type.Optional(OrNull(LicenseTypeCode)),
    form: MaterialForm,
    requirement: Requirement,
    condition: Type.Optional(OrNull(Text(500))),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const Fee = Type.Object({ name: Text(100, 1), standard: Text(500, 1), basis: Text(1000) }, { additionalProperties: false });

const content = {
  name: Text(100, 2),
  aliases: Type.Array(Text(30, 1), { maxItems: 30 }),
  type: ItemType,
  subjects: Type.Array(Subject, { minItems: 1, maxItems: 2, uniqueItems: true }),
  basis: Text(4000, 2),
  conditions: Text(4000),
  process: Type.Array(Text(200, 1), { maxItems: 30 }),
  legalLimitDays: OrNull(Days),
  promisedLimitDays: Days,
  materials: Type.Array(MaterialInput, { maxItems: 100 }),
  fees: Type.Array(Fee, { maxItems: 20 }),
  channels: Type.Array(Channel, { minItems: 1, maxItems: 4, uniqueItems: true }),
  onlineDepth: OnlineDepth,
  crossRegion: Type.Array(DivisionCode, { maxItems: 50, uniqueItems: true, description: '跨域通办: division codes of cities whose residents may apply' }),
  formSchema: JsonObject,
  highFrequency: Type.Boolean(),
  highFrequencyRank: OrNull(Type.Integer({ minimum: 1, maximum: 1000 })),
};

export const CreateItemBody = Type.Object(
  {
    basicCode: Type.String({ pattern: '^[0-9A-Z]{12}$', description: '基本编码' }),
    organisationId: Type.Optional(Type.String({ format: 'uuid', description: "implementing organisation; default the caller's" })),
    note: Type.Optional(Note),
    name: content.name,
    type: content.type,
    subjects: content.subjects,
    basis: content.basis,
    promisedLimitDays: content.promisedLimitDays,
    materials: content.materials,
    channels: content.channels,
    onlineDepth: content.onlineDepth,
    formSchema: content.formSchema,
    aliases: Type.Optional(content.aliases),
    conditions: Type.Optional(content.conditions),
    process: Type.Optional(content.process),
    legalLimitDays: Type.Optional(content.legalLimitDays),
    fees: Type.Optional(content.fees),
    crossRegion: Type.Optional(content.crossRegion),
    highFrequency: Type.Optional(content.highFrequency),
    highFrequencyRank: Type.Optional(content.highFrequencyRank),
  },
  { additionalProperties: false },
);

export const UpdateItemBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version the change is based on (409 when it is no longer current)' }),
    note: Type.Optional(Note),
    name: Type.Optional(content.name),
    aliases: Type.Optional(content.aliases),
    type: Type.Optional(content.type),
    subjects: Type.Optional(content.subjects),
    basis: Type.Optional(content.basis),
    conditions: Type.Optional(content.conditions),
    process: Type.Optional(content.process),
    legalLimitDays: Type.Optional(content.legalLimitDays),
    promisedLimitDays: Type.Optional(content.promisedLimitDays),
    materials: Type.Optional(content.materials),
    fees: Type.Optional(content.fees),
    channels: Type.Optional(content.channels),
    onlineDepth: Type.Optional(content.onlineDepth),
    crossRegion: Type.Optional(content.crossRegion),
    formSchema: Type.Optional(content.formSchema),
    highFrequency: Type.Optional(content.highFrequency),
    highFrequencyRank: Type.Optional(content.highFrequencyRank),
  },
  { additionalProperties: false },
);

export const StatusChangeBody = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.Optional(Note) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const VersionParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) });
export const CodeParams = Type.Object({
  code: Type.String({ minLength: 12, maxLength: 80, pattern: '^[0-9A-Za-z-]+$', description: '实施编码, or the item id' }),
});

const Organisation = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), divisionCode: Type.String(), creditCode: Type.String() });

const Material = Type.Object({
  name: Type.String(),
  licenseTypeCode: Nullable(Type.String()),
  form: MaterialForm,
  requirement: Requirement,
  condition: Nullable(Type.String()),
  count: Type.Integer(),
  note: Type.String(),
});

export const Item = Type.Object({
  id: Type.String(),
  code: Type.String({ description: '实施编码' }),
  basicCode: Type.String({ description: '基本编码' }),
  organisation: Organisation,
  level: Level,
  ...content,
  legalLimitDays: Nullable(Type.Integer()),
  highFrequencyRank: Nullable(Type.Integer()),
  materials: Type.Array(Material),
  status: Status,
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
});

export const ItemDetail = Type.Object({ ...Item.properties, canManage: Type.Boolean({ description: 'the caller may edit, publish and withdraw it' }) });

export const Guide = Type.Object({
  ...Item.properties,
  crossRegionNames: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  deadline: Type.Union(
    [
      Type.Object({
        from: Type.String({ description: 'today (Asia/Shanghai)' }),
        date: Type.String({ description: 'the promised deadline if the application were accepted today' }),
        unpublishedYears: Type.Array(Type.Integer(), { description: 'years counted Monday–Friday: no published holiday schedule yet' }),
      }),
      Type.Null(),
    ],
    { description: 'null for 即办 (promised within the day)' },
  ),
});

export const ItemSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  aliases: Type.Array(Type.String()),
  type: ItemType,
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  level: Level,
  subjects: Type.Array(Subject),
  legalLimitDays: Nullable(Type.Integer()),
  promisedLimitDays: Type.Integer(),
  channels: Type.Array(Channel),
  onlineDepth: OnlineDepth,
  crossRegion: Type.Array(Type.String()),
  materialCount: Type.Integer(),
  licenseReplaceable: Type.Integer({ description: 'materials an e-license replaces (免提交)' }),
  free: Type.Boolean({ description: 'no fees (不收费)' }),
  highFrequency: Type.Boolean(),
  highFrequencyRank: Nullable(Type.Integer()),
  status: Status,
  version: Type.Integer(),
  score: Type.Number({ description: 'relevance for a text search, else 0' }),
});

const Many = <T extends TSchema>(schema: T, maxItems = 10) => Type.Optional(Type.Array(schema, { maxItems, uniqueItems: true }));

const search = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words in Chinese or English, segmented with jieba' })),
  department: Many(Type.String({ format: 'uuid' }), 30),
  type: Many(ItemType),
  depth: Many(OnlineDepth),
  level: Many(Level),
  subject: Type.Optional(Subject),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'a city whose residents may apply here (跨域通办)' })),
  highFrequency: Type.Optional(Type.Boolean()),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const PublicSearchQuery = Type.Object(search);
export const ManageSearchQuery = Type.Object({ ...search, status: Many(Status) });

const FacetCount = Type.Object({ value: Type.String(), label: Nullable(Type.String()), count: Type.Integer() });

export const SearchResponse = Type.Object({
  items: Type.Array(ItemSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  match: Type.Union([L('all'), L('any'), Type.Null()], { description: 'all: every word matched; any: nothing matched every word, these match some' }),
  tokens: Type.Array(Type.String()),
  facets: Type.Object({ department: Type.Array(FacetCount), type: Type.Array(FacetCount), depth: Type.Array(FacetCount) }),
});

export const HighFrequencyResponse = Type.Object({ items: Type.Array(ItemSummary) });

export const VersionsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

const VersionEntry = {
  version: Type.Integer(),
  action: Type.Union([L('create'), L('update'), L('publish'), L('withdraw')]),
  actor: Nullable(Type.String()),
  at: Type.String(),
  note: Nullable(Type.String()),
  snapshot: Type.Any(),
};

export const VersionResponse = Type.Object(VersionEntry);

export const VersionsResponse = Type.Object({
  items: Type.Array(Type.Object({ ...VersionEntry, actorName: Nullable(Type.String()) })),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

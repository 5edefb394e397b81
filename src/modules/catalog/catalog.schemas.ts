import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import type * as Model from './catalog.model.js';

const L = Type.Literal;

// Spelled out (not mapped from the model's arrays) so that the type provider infers literal
// unions; the checks below keep them equal to the model's types.
export const Grade = Type.Union([L('general'), L('important'), L('core')], { description: 'general 一般 / important 重要 / core 核心 (GB/T 43697)' });
export const UpdateCycle = Type.Union([L('realtime'), L('daily'), L('weekly'), L('monthly'), L('quarterly'), L('yearly'), L('irregular')], {
  description: 'realtime 实时 / daily 每日 / weekly 每周 / monthly 每月 / quarterly 每季度 / yearly 每年 / irregular 不定期',
});
export const ShareAttribute = Type.Union([L('unconditional'), L('conditional'), L('none')], { description: 'unconditional 无条件共享 / conditional 有条件共享 / none 不予共享' });
export const OpenAttribute = Type.Union([L('unconditional'), L('conditional'), L('none')], { description: 'unconditional 无条件开放 / conditional 有条件开放 / none 不予开放' });
export const Status = Type.Union([L('draft'), L('published'), L('retired')], { description: 'draft 草稿 / published 已发布 / retired 已停用' });
export const FieldType = Type.Union([L('string'), L('integer'), L('number'), L('date'), L('datetime'), L('boolean')], { description: 'data type of an information item' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _enumsMatchModel: [
  Same<Static<typeof Grade>, Model.Grade>,
  Same<Static<typeof UpdateCycle>, Model.UpdateCycle>,
  Same<Static<typeof ShareAttribute>, Model.Attribute>,
  Same<Static<typeof Status>, Model.Status>,
  Same<Static<typeof FieldType>, Model.FieldType>,
] = [true, true, true, true, true];

/** `string | null` for request bodies (Nullable is for responses). */
const OrNull = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

const Text = (maxLength: number) => Type.String({ maxLength });
const Note = Type.String({ minLength: 1, maxLength: 500 });

export const Field = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,62}$', description: 'machine name, unique within the resource' }),
    label: Type.String({ minLength: 1, maxLength: 100 }),
    type: FieldType,
    description: Type.String({ maxLength: 500 }),
    sensitivity: Grade,
  },
  { additionalProperties: false },
);

const content = {
  name: Type.String({ minLength: 2, maxLength: 100 }),
  description: Text(4000),
  category: Type.String({ maxLength: 200, description: '类/项/目 path, e.g. 基础信息资源/人口/人口基本信息' }),
  fields: Type.Array(Field, { minItems: 1, maxItems: 300 }),
  updateCycle: UpdateCycle,
  shareAttribute: ShareAttribute,
  shareCondition: OrNull(Type.String({ maxLength: 1000 })),
  openAttribute: OpenAttribute,
  openCondition: OrNull(Type.String({ maxLength: 1000 })),
  grade: Grade,
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 30 }),
};

export const CreateResourceBody = Type.Object(
  {
    name: content.name,
    description: Type.Optional(content.description),
    category: Type.Optional(content.category),
    fields: content.fields,
    updateCycle: content.updateCycle,
    shareAttribute: content.shareAttribute,
    shareCondition: Type.Optional(content.shareCondition),
    openAttribute: content.openAttribute,
    openCondition: Type.Optional(content.openCondition),
    grade: content.grade,
    tags: Type.Optional(content.tags),
    ownerId: Type.Optional(Type.String({ format: 'uuid', description: "owner organisation; default the caller's" })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const UpdateResourceBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version the change is based on (409 when it is no longer current)' }),
    note: Type.Optional(Note),
    name: Type.Optional(content.name),
    description: Type.Optional(content.description),
    category: Type.Optional(content.category),
    fields: Type.Optional(content.fields),
    updateCycle: Type.Optional(content.updateCycle),
    shareAttribute: Type.Optional(content.shareAttribute),
    shareCondition: Type.Optional(content.shareCondition),
    openAttribute: Type.Optional(content.openAttribute),
    openCondition: Type.Optional(content.openCondition),
    grade: Type.Optional(content.grade),
    tags: Type.Optional(content.tags),
  },
  { additionalProperties: false },
);

export const StatusChangeBody = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.Optional(Note) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Owner = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), divisionCode: Type.String() });

export const Resource = Type.Object({
  id: Type.String(),
  code: Type.String(),
  owner: Owner,
  ...content,
  shareCondition: Nullable(Type.String()),
  openCondition: Nullable(Type.String()),
  fields: Type.Array(Field),
  status: Status,
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
});

export const ResourceDetail = Type.Object({ ...Resource.properties, canManage: Type.Boolean({ description: 'the caller may edit, publish and retire it' }) });

export const ResourceSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  owner: Owner,
  description: Type.String(),
  category: Type.String(),
  grade: Grade,
  updateCycle: UpdateCycle,
  shareAttribute: ShareAttribute,
  openAttribute: OpenAttribute,
  status: Status,
  version: Type.Integer(),
  tags: Type.Array(Type.String()),
  fieldCount: Type.Integer(),
  updatedAt: Type.String(),
  score: Type.Number({ description: 'relevance (ts_rank) for a text search, else 0' }),
});

const Many = <T extends typeof Grade | typeof UpdateCycle | typeof ShareAttribute | typeof Status>(schema: T) => Type.Optional(Type.Array(schema, { maxItems: 10, uniqueItems: true }));

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words in Chinese or English, segmented with jieba' })),
  owner: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20, uniqueItems: true })),
  grade: Many(Grade),
  share: Many(ShareAttribute),
  open: Many(OpenAttribute),
  cycle: Many(UpdateCycle),
  status: Many(Status),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

const FacetCount = Type.Object({ value: Type.String(), label: Nullable(Type.String()), count: Type.Integer() });

export const SearchResponse = Type.Object({
  items: Type.Array(ResourceSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  match: Type.Union([Type.Literal('all'), Type.Literal('any'), Type.Null()], {
    description: 'all: every word matched; any: nothing matched every word, these match some',
  }),
  tokens: Type.Array(Type.String()),
  facets: Type.Object({
    owner: Type.Array(FacetCount),
    grade: Type.Array(FacetCount),
    share: Type.Array(FacetCount),
    open: Type.Array(FacetCount),
    cycle: Type.Array(FacetCount),
    status: Type.Array(FacetCount),
  }),
});

export const VersionsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

export const VersionsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('publish'), Type.Literal('retire')]),
      actor: Nullable(Type.String()),
      actorName: Nullable(Type.String()),
      at: Type.String(),
      note: Nullable(Type.String()),
      snapshot: Type.Any(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

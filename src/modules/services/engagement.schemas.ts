import { Type } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

const L = Type.Literal;
const open = { additionalProperties: true };
const JsonObject = Type.Record(Type.String(), Type.Unknown());
const paging = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' }) });
export const UuidParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PageQuery = Type.Object(paging);

const BundleItemView = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), organisationName: Type.String() });
export const Bundle = Type.Object({
  code: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  applicantKind: Type.Union([L('person'), L('enterprise')]),
  formSchema: JsonObject,
  items: Type.Array(BundleItemView),
  updatedAt: Type.String(),
});
export const BundleList = Type.Object({ items: Type.Array(Bundle) });
export const BundlePrepare = Type.Object({ bundle: Bundle, form: JsonObject, items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), organisationName: Type.String() }, open)) });

export const BundleSubmitBody = Type.Object(
  {
    bundle: Type.String({ minLength: 1, maxLength: 64 }),
    form: JsonObject,
    materials: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          fileId: Type.String({ format: 'uuid' }),
          item: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '实施编码: only this child item (default: every child item with a material of this name)' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50, default: [] },
    ),
  },
  { additionalProperties: false },
);

export const BundleStatus = Type.Union([L('processing'), L('completed'), L('rejected')], { description: '办理中 / 全部办结 / 办结（有事项未获准予）' });
export const BundleApplication = Type.Object({
  id: Type.String(),
  number: Type.String(),
  bundle: Type.Object({ code: Type.String(), name: Type.String() }),
  form: JsonObject,
  status: BundleStatus,
  childrenTotal: Type.Integer(),
  childrenFinished: Type.Integer(),
  finishedOn: Nullable(Type.String()),
  version: Type.Integer(),
  submittedAt: Type.String(),
  updatedAt: Type.String(),
  children: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), status: Type.String() }, open)),
});
export const BundleApplicationPage = Type.Object({ items: Type.Array(BundleApplication), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const Policy = Type.Object({
  code: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  subjectKind: Type.Union([L('person'), L('enterprise')]),
  period: Type.Union([L('once'), L('year'), L('month')]),
  benefit: Type.String(),
  rules: Type.Array(Type.Unknown()),
  active: Type.Boolean(),
});
export const PolicyList = Type.Object({ items: Type.Array(Policy) });
export const RunReport = Type.Object({
  id: Type.String(),
  policy: Type.String(),
  period: Type.String(),
  trigger: Type.Union([L('schedule'), L('manual')]),
  checked: Type.Integer({ description: '检查的登记记录数' }),
  eligible: Type.Integer({ description: '符合条件的' }),
  created: Type.Integer({ description: '本次新建的享受记录' }),
  existing: Type.Integer({ description: '本期已有的享受记录' }),
  notified: Type.Integer({ description: '发送站内消息的（有申请人账号的）' }),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export const RunList = Type.Object({ items: Type.Array(RunReport) });
const Entitlement = Type.Object({
  id: Type.String(),
  policy: Type.Object({ code: Type.String(), name: Type.String(), benefit: Type.String(), organisationName: Type.String() }),
  period: Type.String(),
  subject: Type.Object({ kind: Type.String(), name: Type.String(), codeMasked: Type.String(), divisionCode: Type.String() }),
  hasAccount: Type.Boolean(),
  runId: Type.String(),
  trace: Type.Array(Type.Unknown()),
  createdAt: Type.String(),
});
export const EntitlementPage = Type.Object({ items: Type.Array(Entitlement), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const EntitlementQuery = Type.Object({ ...paging, period: Type.Optional(Type.String({ pattern: '^(once|[0-9]{4}(-[0-9]{2})?)$' })) });

export const RateBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' }),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const RectificationBrief = Type.Object({
  id: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  status: Type.Union([L('open'), L('answered')]),
  dueOn: Type.String(),
  finding: Nullable(Type.String()),
  reply: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
});
export const Rating = Type.Object({
  id: Type.String(),
  applicationId: Nullable(Type.String()),
  bundleApplicationId: Nullable(Type.String()),
  itemName: Type.String(),
  score: Type.Integer(),
  level: Type.String(),
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
  rectifications: Type.Array(RectificationBrief),
});
export const MaybeRating = Type.Object({ rating: Type.Union([Rating, Type.Null()]) });
export const Rectification = Type.Object({
  id: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  status: Type.Union([L('open'), L('answered')]),
  dueOn: Type.String(),
  finding: Nullable(Type.String()),
  reply: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  rating: Type.Object({
    score: Type.Integer(),
    level: Type.String(),
    comment: Nullable(Type.String()),
    itemName: Type.String(),
    applicationId: Nullable(Type.String()),
    bundleApplicationId: Nullable(Type.String()),
    createdAt: Type.String(),
  }),
});
export const RectificationPage = Type.Object({ items: Type.Array(Rectification), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const RectificationQuery = Type.Object({ ...paging, status: Type.Optional(Type.Union([L('open'), L('answered')])) });
export const AnswerBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    finding: Type.Union([L('属实'), L('部分属实'), L('不属实')], { description: '核实结论' }),
    reply: Type.String({ minLength: 2, maxLength: 1000, description: '整改情况与答复' }),
  },
  { additionalProperties: false },
);
export const StatsQuery = Type.Object({ by: Type.Union([L('department'), L('item')], { default: 'department' }) });
export const Stats = Type.Object({
  by: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      ratings: Type.Integer(),
      levels: Type.Record(Type.String(), Type.Integer()),
      goodRate: Nullable(Type.Number({ description: '好评率：基本满意及以上 / 全部评价' })),
      bad: Type.Integer({ description: '差评数（不满意、非常不满意）' }),
      averageScore: Nullable(Type.Number()),
      finished: Type.Integer(),
      onTimeRate: Nullable(Type.Number({ description: '按时办结率' })),
    }),
  ),
});

import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import type * as Model from './cases.model.js';
import { Coordination, SupervisionFlag } from './coordination.schemas.js';
import { Suggestion } from './classify.schemas.js';

const L = Type.Literal;
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const CaseType = Type.Union([L('complaint'), L('report'), L('help'), L('consult'), L('suggestion')], { description: '投诉 / 举报 / 求助 / 咨询 / 建议' });
export const Urgency = Type.Union([L('normal'), L('urgent')], { description: 'normal 一般（工作日时限）/ urgent 紧急（小时时限）' });
export const Status = Type.Union([L('accepted'), L('dispatched'), L('signed'), L('handling'), L('replied'), L('visited'), L('closed')], {
  description: '已受理 / 已派遣 / 已签收 / 处置中 / 已反馈 / 已回访 / 已结案',
});
export const Satisfaction = Type.Union([L('satisfied'), L('basically_satisfied'), L('unsatisfied')], { description: '满意 / 基本满意 / 不满意' });
export const Warning = Type.Union([L('none'), L('yellow'), L('red')], { description: 'yellow 临期黄牌 / red 超期红牌' });
export const Channel = Type.Union([L('hotline'), L('web'), L('grid'), L('iot'), L('transfer')], { description: '12345 热线 / 网上 / 网格上报 / 物联告警 / 部门转办' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _enumsMatchModel: [
  Same<Static<typeof CaseType>, Model.CaseType>,
  Same<Static<typeof Urgency>, Model.Urgency>,
  Same<Static<typeof Status>, Model.CaseStatus>,
  Same<Static<typeof Satisfaction>, Model.Satisfaction>,
  Same<Static<typeof Warning>, Model.Warning>,
  Same<Static<typeof Channel>, Model.Channel>,
] = [true, true, true, true, true, true];
void _enumsMatchModel;

const CategoryCode = Type.String({ pattern: '^(BJ|SJ|MS)-[0-9]{2}-[0-9]{2}$' });
const Point = Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }, { additionalProperties: false });

const intakeFields = {
  type: CaseType,
  categoryCode: Type.Optional(CategoryCode),
  description: Text(4000, 5),
  address: Type.Optional(Text(300)),
  point: Type.Optional(Point),
  divisionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' })),
  reporterName: Type.Optional(Text(50)),
  reporterPhone: Type.Optional(Text(20)),
};
/** Hotline operator entry and grid worker report. */
export const StaffIntakeBody = Type.Object({ ...intakeFields, urgency: Type.Optional(Urgency) }, { additionalProperties: false });
/** A citizen's web form: no urgency (the dispatcher decides). */
export const CitizenIntakeBody = Type.Object({ ...intakeFields, reporterName: Text(50, 1), reporterPhone: Text(20, 5) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CodeParams = Type.Object({ code: CategoryCode });

export const Case = Type.Object({
  id: Type.String(),
  number: Type.String(),
  channel: Channel,
  type: CaseType,
  categoryCode: Nullable(Type.String()),
  categoryName: Nullable(Type.String()),
  suggestion: Type.Union([Type.Null(), Type.Object({ categoryCode: Type.String(), confidence: Nullable(Type.Number()) })]),
  description: Type.String(),
  address: Nullable(Type.String()),
  point: Type.Union([Type.Null(), Point]),
  divisionCode: Type.String(),
  gridCode: Nullable(Type.String()),
  reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  urgency: Urgency,
  status: Status,
  organisation: Type.Union([Type.Null(), Type.Object({ id: Type.String(), code: Nullable(Type.String()), name: Nullable(Type.String()) })]),
  limitHours: Nullable(Type.Integer()),
  limitDays: Nullable(Type.Integer()),
  deadlineAt: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  warning: Warning,
  satisfaction: Type.Union([Type.Null(), Satisfaction]),
  returnCount: Type.Integer(),
  reopenCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  sourceRef: Nullable(Type.String({ description: 'what opened the case, e.g. iot.alarm:<id>' })),
  supervision: Type.Optional(Type.Union([Type.Null(), SupervisionFlag], { description: '督办标记（案件列表与督办台）' })),
});

export const TimelineEntry = Type.Object({
  action: Type.String(),
  fromStatus: Type.Union([Type.Null(), Status]),
  toStatus: Status,
  actorName: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  details: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]),
  createdAt: Type.String(),
});
export const CaseDetail = Type.Object({
  case: Case,
  timeline: Type.Array(TimelineEntry),
  coordination: Type.Optional(Coordination),
  suggestions: Type.Optional(Type.Array(Suggestion, { description: '智能分拨建议（待派遣的案件）：最可能的三个类别及责任单位' })),
});
export const CitizenReceipt = Type.Object({ id: Type.String(), number: Type.String(), status: Status });

export const QueueQuery = Type.Object({
  status: Type.Optional(Type.Array(Status)),
  categoryCode: Type.Optional(CategoryCode),
  organisationId: Type.Optional(Type.String({ format: 'uuid' })),
  warning: Type.Optional(Warning),
  channel: Type.Optional(Channel),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '来源，如 iot.alarm:<告警 id>' })),
  mine: Type.Optional(Type.Boolean({ description: 'true: only cases the caller recorded (a grid worker’s own reports)' })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});
export const InboxQuery = Type.Omit(QueueQuery, ['organisationId', 'mine']);
export const CasePage = Type.Object({ items: Type.Array(Case), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

const Version = Type.Integer({ minimum: 1 });
export const ActBody = Type.Object({ version: Version, comment: Type.Optional(Text(2000)) }, { additionalProperties: false });
export const NoteBody = Type.Object({ version: Version, comment: Text(2000, 1) }, { additionalProperties: false });
export const DispatchBody = Type.Object(
  { version: Version, organisationCode: Type.Optional(Text(64, 1)), categoryCode: Type.Optional(CategoryCode), urgency: Type.Optional(Urgency), comment: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object({ version: Version, reason: Text(2000, 2) }, { additionalProperties: false });
export const CallbackBody = Type.Object({ version: Version, satisfaction: Satisfaction, comment: Type.Optional(Text(2000)) }, { additionalProperties: false });

export const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([L('component'), L('event'), L('livelihood')]),
  group: Type.String(),
  iotTypes: Type.Array(Type.String()),
  responsibility: Type.Object({ organisationCode: Type.String(), urgentHours: Type.Integer(), limitDays: Type.Integer(), version: Type.Integer(), updatedBy: Nullable(Type.String()), updatedAt: Type.String() }),
});
export const CategoryList = Type.Object({ items: Type.Array(Category) });
export const ResponsibilityBody = Type.Object(
  { version: Version, organisationCode: Text(64, 1), urgentHours: Type.Integer({ minimum: 1, maximum: 720 }), limitDays: Type.Integer({ minimum: 1, maximum: 365 }) },
  { additionalProperties: false },
);

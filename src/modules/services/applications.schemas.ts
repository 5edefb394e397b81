import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

const L = Type.Literal;
const JsonObject = Type.Record(Type.String(), Type.Unknown());
const Reason = Type.String({ minLength: 2, maxLength: 1000 });
const Comment = Type.String({ minLength: 1, maxLength: 1000 });
const Version = Type.Integer({ minimum: 1, description: 'the version the action is based on (409 when it is no longer current)' });
const Uuid = Type.String({ format: 'uuid' });
const Username = Type.String({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z][A-Za-z0-9._-]+$' });
const Password = Type.String({ minLength: 1, maxLength: 128 });
const IdNumber = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '公民身份号码 (GB 11643)' });
const CreditCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码 (GB 32100)' });

export const Status = Type.Union([L('submitted'), L('correction'), L('reviewing'), L('deciding'), L('approved'), L('completed'), L('rejected')], {
  description: '待受理 / 待补正 / 审查中 / 待决定 / 已准予 / 办结中 / 已办结 / 不予受理或不予许可',
});
const Step = Type.Union([L('accept'), L('review'), L('decide'), L('complete')], { description: '受理 / 审查 / 决定 / 办结' });
const DeadlineState = Type.Union([L('normal'), L('warning'), L('overdue')]);
const Many = <T extends TSchema>(schema: T) => Type.Optional(Type.Array(schema, { maxItems: 10, uniqueItems: true }));
const paging = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

/** An applicant's e-license as the detail and "my licenses" show it. */
const LicenseFields = {
  id: Type.String(),
  identifier: Type.String(),
  number: Type.String(),
  name: Type.String(),
  type: Type.Object({ code: Type.String(), name: Type.String() }),
  issuer: Type.Object({ name: Type.String(), code: Type.String() }),
  issuedOn: Type.String(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  state: Type.Union([L('valid'), L('expired'), L('revoked')]),
};

export const RegisterBody = Type.Union([
  Type.Object(
    { kind: L('person'), username: Username, password: Password, name: Type.String({ minLength: 2, maxLength: 50 }), idNumber: IdNumber },
    { additionalProperties: false, title: '自然人' },
  ),
  Type.Object(
    {
      kind: L('enterprise'),
      username: Username,
      password: Password,
      creditCode: CreditCode,
      representativeName: Type.String({ minLength: 2, maxLength: 50 }),
      representativeIdNumber: IdNumber,
    },
    { additionalProperties: false, title: '法人（法定代表人核验）' },
  ),
]);

export const Applicant = Type.Object({
  id: Type.String(),
  kind: Type.Union([L('person'), L('enterprise')]),
  name: Type.String(),
  codeMasked: Type.String(),
  representativeName: Nullable(Type.String()),
  divisionCode: Type.String(),
  verifiedAt: Type.String(),
});

export const Profile = Type.Object({
  ...Applicant.properties,
  code: Type.String({ description: "the applicant's own ID number or credit code" }),
  prefill: Type.Record(Type.String(), Type.String(), { description: 'form values the registries hold' }),
});

export const IdParams = Type.Object({ id: Uuid });
export const MaterialParams = Type.Object({ id: Uuid, materialId: Uuid });
export const ItemCodeParams = Type.Object({ code: Type.String({ minLength: 12, maxLength: 80, pattern: '^[0-9A-Za-z-]+$', description: '实施编码, or the item id' }) });

const MaterialUpload = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), fileId: Uuid }, { additionalProperties: false });

export const SubmitBody = Type.Object(
  {
    item: Type.String({ minLength: 12, maxLength: 80, pattern: '^[0-9A-Za-z-]+$', description: '实施编码 or item id' }),
    form: JsonObject,
    materials: Type.Array(MaterialUpload, { maxItems: 100, description: 'uploaded files by material name; materials held as e-licenses are attached automatically' }),
  },
  { additionalProperties: false },
);

export const ResubmitBody = Type.Object(
  { version: Version, form: Type.Optional(JsonObject), materials: Type.Optional(Type.Array(MaterialUpload, { maxItems: 100 })) },
  { additionalProperties: false },
);

export const MyListQuery = Type.Object({ ...paging, status: Many(Status) });
export const MessagesQuery = Type.Object({ ...paging, unread: Type.Optional(Type.Boolean()) });
export const InboxQuery = Type.Object({
  ...paging,
  scope: Type.Union([L('todo'), L('all')], { default: 'todo', description: 'todo: what the caller can act on now; all: every application of the organisation' }),
  status: Many(Status),
  deadlineState: Many(DeadlineState),
  itemId: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'application number, or part of the applicant name' })),
});

export const ActionBody = Type.Object({ version: Version, comment: Type.Optional(Comment) }, { additionalProperties: false });
export const ReviewBody = Type.Object({ version: Version, opinion: Type.Union([L('agree'), L('disagree')]), comment: Type.Optional(Comment) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ version: Version, reason: Reason }, { additionalProperties: false });
export const SendBackBody = Type.Object(
  { version: Version, reason: Reason, materials: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100, description: 'names of the materials to correct' })) },
  { additionalProperties: false },
);

const Deadline = Type.Object({
  limitDays: Type.Integer({ description: 'promised limit in working days' }),
  acceptedOn: Nullable(Type.String()),
  dueOn: Nullable(Type.String({ description: 'null before acceptance and while suspended for 补正' })),
  workingDaysLeft: Nullable(Type.Integer({ description: 'working days from today to the deadline (negative once past); while suspended, those left when the clock stopped' })),
  suspended: Type.Boolean(),
  suspendedOn: Nullable(Type.String()),
  suspendedDays: Type.Integer({ description: 'working days spent in 补正' }),
  state: DeadlineState,
  finishedOn: Nullable(Type.String()),
  onTime: Nullable(Type.Boolean()),
  unpublishedYears: Type.Array(Type.Integer(), { description: 'years without a published holiday schedule the deadline was counted through' }),
});

export const Summary = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '办件编号' }),
  item: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), version: Type.Integer() }),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  applicant: Type.Object({ kind: Type.Union([L('person'), L('enterprise')]), name: Type.String(), codeMasked: Type.String() }),
  status: Status,
  step: Type.Union([Step, Type.Null()]),
  progress: Type.Array(Type.Object({ step: Step, state: Type.Union([L('done'), L('current'), L('pending'), L('correction'), L('rejected'), L('skipped')]) })),
  deadline: Deadline,
  instant: Type.Union([L('approved'), L('refused'), Type.Null()], { description: '秒批: null when the item has no rules' }),
  decision: Type.Union([L('approved'), L('rejected'), Type.Null()]),
  license: Type.Union([Type.Object({ id: Type.String(), identifier: Type.String() }), Type.Null()]),
  version: Type.Integer(),
  submittedAt: Type.String(),
  updatedAt: Type.String(),
});

export const SummaryPage = Type.Object({ items: Type.Array(Summary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

const LicenseRef = Type.Object({ id: Type.String(), identifier: Type.String(), name: Type.String(), number: Type.String() });
const MaterialView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: Type.Union([L('upload'), L('license'), L('waived')]),
  file: Type.Union([Type.Object({ name: Type.String(), size: Type.Integer(), contentType: Type.String(), sm3: Type.String() }), Type.Null()]),
  license: Type.Union([LicenseRef, Type.Null()]),
  note: Nullable(Type.String()),
  attachedAt: Type.String(),
});
const RuleTrace = Type.Object({
  rule: Type.Integer(),
  label: Nullable(Type.String()),
  source: Type.String(),
  op: Type.String(),
  expected: Type.Unknown(),
  actual: Type.Unknown(),
  passed: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});
const LogEntry = {
  action: Type.String(),
  step: Type.Union([Step, Type.Null()]),
  status: Status,
  organisationName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  at: Type.String(),
};
const Correction = Type.Union([
  Type.Object({ reason: Type.String(), materials: Type.Array(Type.String()), step: Step, requestedAt: Type.String(), requestedBy: Type.String() }),
  Type.Null(),
]);

const detail = {
  ...Summary.properties,
  form: JsonObject,
  materials: Type.Array(MaterialView),
  correction: Correction,
  decisionReason: Nullable(Type.String()),
  instantTrace: Type.Union([Type.Array(RuleTrace), Type.Null()]),
  canResubmit: Type.Boolean(),
};

export const ApplicantDetail = Type.Object({ ...detail, log: Type.Array(Type.Object(LogEntry)) });

export const OfficerDetail = Type.Object({
  ...detail,
  procedure: JsonObject,
  reviews: Type.Array(
    Type.Object({
      organisationId: Type.String(),
      organisationCode: Type.String(),
      organisationName: Type.String(),
      lead: Type.Boolean(),
      roles: Type.Array(Type.String()),
      status: Type.Union([L('pending'), L('done')]),
      opinion: Type.Union([L('agree'), L('disagree'), Type.Null()]),
      comment: Nullable(Type.String()),
      actor: Nullable(Type.String()),
      actorName: Nullable(Type.String()),
      doneAt: Nullable(Type.String()),
    }),
  ),
  log: Type.Array(Type.Object({ ...LogEntry, actor: Nullable(Type.String()), actorName: Nullable(Type.String()), details: Type.Union([JsonObject, Type.Null()]) })),
  applicantLicenses: Type.Array(
    Type.Object({
      ...LicenseFields,
      data: JsonObject,
      attachedAs: Type.Array(Type.String(), { description: 'materials this license replaces in the application' }),
    }),
  ),
  actions: Type.Array(Type.Union([L('accept'), L('review'), L('send_back'), L('reject'), L('approve'), L('complete')]), { description: 'what the caller may do now' }),
});

export const FileResponse = Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), contentType: Type.String(), sm3: Type.String(), createdAt: Type.String() });

export const Prepare = Type.Object({
  item: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), version: Type.Integer(), promisedLimitDays: Type.Integer(), formSchema: JsonObject }),
  form: Type.Record(Type.String(), Type.String(), { description: 'pre-filled from the registries' }),
  instantApproval: Type.Boolean({ description: 'the item has 秒批 rules' }),
  resultLicenseTypeCode: Nullable(Type.String()),
  materials: Type.Array(
    Type.Object({
      name: Type.String(),
      requirement: Type.Union([L('required'), L('conditional')]),
      condition: Nullable(Type.String()),
      licenseTypeCode: Nullable(Type.String()),
      provided: Type.Union([L('license'), L('waived'), Type.Null()], { description: 'license: replaced by the e-license below; waived: not needed online; null: to upload' }),
      waivedReason: Nullable(Type.String()),
      license: Type.Union([LicenseRef, Type.Null()]),
    }),
  ),
});

export const MessagesPage = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.String(), applicationId: Nullable(Type.String()), kind: Type.String(), title: Type.String(), body: Type.String(), createdAt: Type.String(), readAt: Nullable(Type.String()) }),
  ),
  total: Type.Integer(),
  unread: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const MyLicenses = Type.Object({
  items: Type.Array(
    Type.Object({
      ...LicenseFields,
      relatedItem: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
      data: JsonObject,
      labels: Type.Record(Type.String(), Type.String(), { description: 'surface field → its label (照面项名称) from the license type' }),
    }),
  ),
});

const ResultValue = Type.Union([Type.Object({ path: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), Type.Object({ value: Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]) }, { additionalProperties: false })]);
const Rule = Type.Object(
  {
    field: Type.Optional(Type.String({ maxLength: 200 })),
    registry: Type.Optional(Type.String({ maxLength: 200 })),
    material: Type.Optional(Type.String({ maxLength: 200 })),
    op: Type.Union(['=', '!=', '>', '>=', '<', '<=', 'in', 'notIn', 'startsWith', 'exists'].map((op) => L(op))),
    value: Type.Optional(Type.Unknown()),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const Roles = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1, maxItems: 10, uniqueItems: true });

export const ProcedureBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: 'the version the change is based on; 0 when the item has no stored procedure yet' }),
    resultLicenseTypeCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' }))),
    resultData: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), ResultValue, { description: 'license field → { path } or { value }' })),
    parallelReviews: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20, description: 'codes of the organisations that review in parallel' })),
    stepRoles: Type.Optional(Type.Object({ accept: Type.Optional(Roles), review: Type.Optional(Roles), decide: Type.Optional(Roles), complete: Type.Optional(Roles) }, { additionalProperties: false })),
    waivedMaterials: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 100 })),
    instantRules: Type.Optional(Type.Union([Type.Array(Rule, { maxItems: 50 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ProcedureResponse = Type.Object({
  itemId: Type.String(),
  version: Type.Integer(),
  resultLicenseTypeCode: Nullable(Type.String()),
  resultData: Type.Record(Type.String(), Type.Unknown()),
  parallelReviews: Type.Array(Type.Object({ organisationId: Type.String(), code: Type.String(), name: Type.String() })),
  stepRoles: Type.Object({ accept: Type.Array(Type.String()), review: Type.Array(Type.String()), decide: Type.Array(Type.String()), complete: Type.Array(Type.String()) }),
  waivedMaterials: Type.Array(Type.Object({ name: Type.String(), reason: Type.String() })),
  instantRules: Type.Union([Type.Array(Type.Unknown()), Type.Null()]),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});

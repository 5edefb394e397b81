import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import { FORMATS, FREQUENCIES, LICENCE_IDS, THEME_CODES } from './opendata.model.js';

const Enum = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));
const DateText = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });
const Division = Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' });
const StringList = (max = 50) => Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: max });

export const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });
export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  sort: Type.Optional(Enum(['relevance', 'newest', 'modified', 'popular'] as const)),
  department: Type.Optional(StringList()),
  theme: Type.Optional(StringList()),
  format: Type.Optional(StringList()),
  division: Type.Optional(StringList()),
  licence: Type.Optional(StringList()),
  frequency: Type.Optional(StringList()),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  overdue: Type.Optional(Type.Boolean()),
});

const Freshness = Type.Object({ dueAt: Type.String({ format: 'date-time' }), overdue: Type.Boolean(), overdueDays: Type.Integer() });
const Field = Type.Object({ name: Type.String(), label: Type.String(), type: Type.String(), description: Type.String() });

export const DatasetSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  theme: Type.String(),
  licence: Type.String(),
  frequency: Type.String(),
  spatial: Type.Object({ code: Type.String(), name: Type.String() }),
  owner: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  access: Type.String(),
  formats: Type.Array(Type.String()),
  status: Type.String(),
  rowCount: Type.Integer(),
  downloads: Type.Integer(),
  apiCalls: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  modifiedAt: Type.String({ format: 'date-time' }),
  dataUpdatedAt: Type.String({ format: 'date-time' }),
  freshness: Freshness,
});

export const DatasetDetail = Type.Composite([
  DatasetSummary,
  Type.Object({
    resourceId: Type.String(),
    temporal: Type.Object({ start: Nullable(Type.String()), end: Nullable(Type.String()) }),
    contact: Type.Object({ name: Type.String(), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
    accessCondition: Nullable(Type.String()),
    fields: Type.Array(Field),
    distributions: Type.Array(Type.Object({ id: Type.String(), format: Type.String(), url: Type.String(), modifiedAt: Type.String({ format: 'date-time' }) })),
  }),
]);

const FacetCount = Type.Object({ value: Type.String(), label: Nullable(Type.String()), count: Type.Integer() });
export const SearchResponse = Type.Object({
  items: Type.Array(DatasetSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  match: Nullable(Type.String()),
  tokens: Type.Array(Type.String()),
  facets: Type.Record(Type.String(), Type.Array(FacetCount)),
});

export const HomeResponse = Type.Object({
  totals: Type.Object({ datasets: Type.Integer(), owners: Type.Integer(), rows: Type.Integer(), downloads: Type.Integer(), apiCalls: Type.Integer(), overdue: Type.Integer() }),
  newest: Type.Array(DatasetSummary),
  mostUsed: Type.Array(DatasetSummary),
  themes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
});

export const PreviewResponse = Type.Object({
  fields: Type.Array(Field),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  total: Type.Integer(),
  restricted: Type.Boolean(),
});

export const RowsQuery = Type.Object({
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1_000, default: 100 }),
});
export const RowsResponse = Type.Object({
  name: Type.String(),
  fields: Type.Array(Field),
  total: Type.Integer(),
  offset: Type.Integer(),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

export const UpdatesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      at: Type.String({ format: 'date-time' }),
      note: Nullable(Type.String()),
      rowCount: Nullable(Type.Integer()),
      changed: Type.Array(Type.String()),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const DepartmentResponse = Type.Object({
  code: Type.String(),
  name: Type.String(),
  divisionCode: Type.String(),
  total: Type.Integer(),
  overdue: Type.Integer(),
  downloads: Type.Integer(),
  apiCalls: Type.Integer(),
  datasets: Type.Array(DatasetSummary),
});
export const DepartmentsResponse = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
});

export const StatisticsQuery = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }),
  dataset: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export const StatisticsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(Type.Object({ day: Type.String(), downloads: Type.Integer(), apiCalls: Type.Integer() })),
  top: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), owner: Type.String(), downloads: Type.Integer(), apiCalls: Type.Integer() })),
});

export const ManageStatisticsQuery = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }),
  dataset: Type.Optional(Type.String({ format: 'uuid' })),
});
export const ManageStatisticsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(Type.Object({ day: Type.String(), downloads: Type.Integer(), apiCalls: Type.Integer() })),
});

export const VocabularyResponse = Type.Object({
  themes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  licences: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() })),
  frequencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});

export const ApplyBody = Type.Object(
  {
    applicantName: Type.String({ minLength: 1, maxLength: 100 }),
    applicantOrganisation: Type.Optional(Type.String({ maxLength: 200 })),
    contact: Type.String({ minLength: 3, maxLength: 200 }),
    purpose: Type.String({ minLength: 5, maxLength: 2_000 }),
  },
  { additionalProperties: false },
);
export const ApplyResponse = Type.Object({ id: Type.String(), token: Type.String() });
export const ClaimBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });
export const ClaimResponse = Type.Object({
  status: Type.String(),
  decisionNote: Nullable(Type.String()),
  apiKey: Nullable(Type.String()),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
});

const MetadataProperties = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5_000 }),
  tags: StringList(30),
  theme: Enum(THEME_CODES),
  licence: Enum(LICENCE_IDS),
  frequency: Enum(FREQUENCIES),
  spatialCode: Division,
  temporalStart: Type.Union([DateText, Type.Null()]),
  temporalEnd: Type.Union([DateText, Type.Null()]),
  contactName: Type.String({ minLength: 1, maxLength: 100 }),
  contactEmail: Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()]),
  contactPhone: Type.Union([Type.String({ pattern: '^[0-9+() -]{5,30}$' }), Type.Null()]),
  formats: Type.Array(Enum(FORMATS), { minItems: 1, maxItems: FORMATS.length, uniqueItems: true }),
};
function optional<T extends Record<string, TSchema>>(properties: T): { [K in keyof T]: TOptional<T[K]> } {
  return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, Type.Optional(schema)])) as { [K in keyof T]: TOptional<T[K]> };
}
const RowsInput = Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 100_000 });
const Note = Type.Optional(Type.String({ maxLength: 500 }));

export const PublishBody = Type.Object(
  {
    resource: Type.String({ minLength: 1, maxLength: 100, description: '目录资源 id 或编码' }),
    ...optional(MetadataProperties),
    theme: MetadataProperties.theme,
    licence: MetadataProperties.licence,
    contactName: MetadataProperties.contactName,
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200 })),
    rows: RowsInput,
    note: Note,
  },
  { additionalProperties: false },
);
export type PublishBody = Static<typeof PublishBody>;

export const MetadataBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    ...optional(MetadataProperties),
    note: Note,
  },
  { additionalProperties: false },
);

export const DataBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    rows: RowsInput,
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200 })),
    note: Note,
  },
  { additionalProperties: false },
);

export const StatusBody = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Note }, { additionalProperties: false });
export const DecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const ManageListResponse = Type.Object({ items: Type.Array(DatasetSummary), total: Type.Integer() });
export const CandidatesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      owner: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
      openAttribute: Type.String(),
      openCondition: Nullable(Type.String()),
      updateCycle: Type.String(),
      tags: Type.Array(Type.String()),
      fields: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), type: Type.String(), sensitivity: Type.String() })),
    }),
  ),
});
export const ApplicationsQuery = Type.Object({
  status: Type.Optional(Enum(['pending', 'approved', 'rejected'] as const)),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export const Application = Type.Object({
  id: Type.String(),
  datasetId: Type.String(),
  datasetName: Type.Optional(Type.String()),
  datasetTitle: Type.Optional(Type.String()),
  applicantName: Type.String(),
  applicantOrganisation: Type.String(),
  contact: Type.String(),
  purpose: Type.String(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionNote: Nullable(Type.String()),
  claimed: Type.Boolean(),
});
export const ApplicationsResponse = Type.Object({ items: Type.Array(Application), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

import { Type } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

const L = Type.Literal;
const Version = Type.Integer({ minimum: 1 });
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const Level = Type.Union([L('grid'), L('community'), L('street'), L('district'), L('city')], { description: '网格 / 社区 / 街道 / 区 / 市' });

export const MergeBody = Type.Object({ version: Version, intoCaseId: Type.String({ format: 'uuid' }), comment: Type.Optional(Text(2000)) }, { additionalProperties: false });
export const EscalateBody = Type.Object({ version: Version, reason: Text(2000, 2) }, { additionalProperties: false });
export const SummonBody = Type.Object(
  { version: Version, organisationCodes: Type.Array(Text(64, 1), { minItems: 1, maxItems: 20 }), note: Text(2000, 2) },
  { additionalProperties: false },
);
export const ReportInBody = Type.Object({ version: Version, comment: Type.Optional(Text(2000)) }, { additionalProperties: false });
export const SuperviseBody = Type.Object({ version: Version, note: Text(2000, 2), dueAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false });

export const HotspotQuery = Type.Object({
  window: Type.Union([L('7d'), L('30d')], { default: '7d' }),
  category: Type.Optional(Type.String({ pattern: '^(BJ|SJ|MS)-[0-9]{2}-[0-9]{2}$' })),
});
export const Hotspots = Type.Object({
  window: Type.String(),
  since: Type.String(),
  threshold: Type.Integer({ description: 'min(5, max(3, ⌈mean + 2σ⌉)): a cell with at least this many reports is hot' }),
  mean: Type.Number(),
  stddev: Type.Number(),
  items: Type.Array(
    Type.Object({
      gridCode: Nullable(Type.String()),
      cell: Type.Union([Type.Null(), Type.Object({ lon: Type.Number(), lat: Type.Number() })]),
      categoryCode: Nullable(Type.String()),
      categoryName: Nullable(Type.String()),
      count: Type.Integer(),
      hot: Type.Boolean(),
    }),
  ),
});

export const SupervisionFlag = Type.Object({ note: Type.String(), dueAt: Nullable(Type.String()), times: Type.Integer(), supervisorName: Nullable(Type.String()), supervisedAt: Type.String(), overdue: Type.Boolean() });

export const Coordination = Type.Object({
  duplicates: Type.Array(Type.Object({ caseId: Type.String(), number: Type.String(), status: Type.String(), description: Type.String(), distanceM: Type.Number(), similarity: Type.Number() })),
  mergedInto: Type.Union([Type.Null(), Type.Object({ id: Type.String(), number: Type.String() })]),
  mergedCases: Type.Array(Type.Object({ id: Type.String(), number: Type.String() })),
  reporters: Type.Array(
    Type.Object({ fromCaseId: Type.String(), fromNumber: Type.String(), name: Nullable(Type.String()), phone: Nullable(Type.String()), informedReplyAt: Nullable(Type.String()), informedCloseAt: Nullable(Type.String()) }),
  ),
  level: Level,
  summons: Type.Array(
    Type.Object({ organisationCode: Type.String(), organisationName: Type.String(), note: Type.String(), summonedAt: Type.String(), reportedAt: Nullable(Type.String()), reportNote: Nullable(Type.String()) }),
  ),
  supervision: Type.Union([Type.Null(), SupervisionFlag]),
});

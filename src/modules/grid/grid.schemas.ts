import { Type, type Static } from '@sinclair/typebox';

export const Level = Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('street'), Type.Literal('community'), Type.Literal('grid')]);
const AreaCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,3}$', description: '区划代码（6 位）、街道（9 位）、社区（12 位）或网格（15 位）' });

export const LocateQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180, description: '经度（WGS-84）' }),
  lat: Type.Number({ minimum: -90, maximum: 90, description: '纬度（WGS-84）' }),
});
export const AreasQuery = Type.Object({
  level: Type.Optional(Level),
  parent: Type.Optional(AreaCode),
});
export const CodeParams = Type.Object({ code: AreaCode });

const AreaRef = Type.Object({ code: Type.String(), name: Type.String(), level: Level });
const Worker = Type.Object({ name: Type.String(), username: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) });
const Geometry = Type.Object({
  type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
  coordinates: Type.Array(Type.Any()),
});

export const LocateAnswer = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Type.String(),
  chain: Type.Array(AreaRef, { description: '网格 → 社区 → 街道 → 区 → 市' }),
  workers: Type.Array(Worker),
});

export const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      properties: Type.Object({
        code: Type.String(),
        name: Type.String(),
        level: Level,
        parentCode: Type.Union([Type.String(), Type.Null()]),
        center: Type.Array(Type.Number()),
        areaKm2: Type.Number(),
        workers: Type.Integer(),
      }),
      geometry: Geometry,
    }),
  ),
});

export const AreaDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Level,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  chain: Type.Array(AreaRef, { description: '本级 → 市' }),
  bbox: Type.Array(Type.Number()),
  center: Type.Array(Type.Number()),
  areaKm2: Type.Number(),
  source: Type.Union([Type.Literal('boundary'), Type.Literal('generated')]),
  children: Type.Integer(),
  workers: Type.Array(Worker),
  geometry: Geometry,
});

export const WorkersBody = Type.Object({
  workers: Type.Array(
    Type.Object(
      {
        username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9-]{4,19}$' })),
      },
      { additionalProperties: false },
    ),
    { maxItems: 10 },
  ),
});
export const WorkersAnswer = Type.Object({ code: Type.String(), workers: Type.Array(Worker) });

export type WorkersInput = Static<typeof WorkersBody>['workers'];

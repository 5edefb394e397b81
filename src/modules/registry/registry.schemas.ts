import { Type } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

export const PersonQuery = Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });
export const EntityQuery = Type.Object({ creditCode: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });
export const ImportRunQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false });

export const MaskedPerson = Type.Object({
  idNumber: Type.String({ description: '脱敏：前4位和后4位' }),
  name: Type.String({ description: '脱敏：仅保留姓' }),
  sex: Type.String({ enum: ['male', 'female'] }),
  birthYear: Type.Integer(),
  ethnicity: Nullable(Type.String()),
  householdDivision: Type.Object({ code: Type.String(), name: Type.String(), countyName: Type.String() }),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  status: Type.String({ enum: ['正常', '迁出', '死亡'] }),
  source: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const MaskedEntity = Type.Object({
  creditCode: Type.String(),
  name: Type.String(),
  type: Type.String(),
  legalRepName: Nullable(Type.String()),
  legalRepIdNumber: Nullable(Type.String()),
  registeredCapital: Nullable(Type.Number({ description: '万元' })),
  establishedOn: Nullable(Type.String({ format: 'date' })),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  address: Nullable(Type.String()),
  status: Type.String({ enum: ['存续', '在业', '吊销', '注销'] }),
  source: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Count = Type.Object({ code: Type.String(), count: Type.Integer() });
const DivisionCount = Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() });

export const Summary = Type.Object({
  persons: Type.Object({ total: Type.Integer(), byDistrict: Type.Array(DivisionCount), byStatus: Type.Array(Count) }),
  entities: Type.Object({ total: Type.Integer(), byDistrict: Type.Array(DivisionCount), byType: Type.Array(Count), byStatus: Type.Array(Count) }),
});

export const ImportRun = Type.Object({
  id: Type.String(),
  kind: Type.String({ enum: ['persons', 'entities'] }),
  fileName: Type.String(),
  fileSha256: Type.String(),
  source: Type.String(),
  linesCommitted: Type.Integer(),
  rowsCommitted: Type.Integer(),
  status: Type.String({ enum: ['running', 'completed'] }),
  startedAt: Type.String({ format: 'date-time' }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});

import { Type } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';

/** Longest text the classifier takes (a hotline record is rarely over a few hundred characters). */
export const MAX_CLASSIFY_TEXT = 2000;

export const ClassifyBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: MAX_CLASSIFY_TEXT, description: '诉求内容（群众原话或话务员记录）', examples: ['小区门口井盖没了，晚上很危险'] }),
    point: Type.Optional(
      Type.Object(
        { lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
        { additionalProperties: false, description: '发生地点（WGS84）：返回所在网格，不改变排序' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Suggestion = Type.Object({
  categoryCode: Type.String(),
  categoryName: Type.String(),
  departmentCode: Type.String({ description: '权责清单中的责任单位代码' }),
  departmentName: Nullable(Type.String()),
  confidence: Type.Number({ minimum: 0, maximum: 1, description: '该类别的概率（各类别之和为 1）' }),
});

export const ClassifyResult = Type.Object({
  suggestions: Type.Array(Suggestion, { description: '最可能的三个类别，概率从高到低' }),
  automatic: Type.Boolean({ description: '首选类别的置信度达到自动派遣阈值：受理时将自动派遣（未指定类别时）' }),
  threshold: Type.Number(),
  gridCode: Nullable(Type.String({ description: '给出 point 时其所在网格' })),
});

export const TrainingStatus = Type.Object({
  trained: Type.Boolean(),
  trainedAt: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  corpusTexts: Type.Integer(),
  confirmedCases: Type.Integer({ description: '已反馈、未被退回的案件（以其最终类别为标签）' }),
  returnedCases: Type.Integer({ description: '被退回的派遣（作为“不属于该类别”的纠正样本）' }),
  categories: Type.Integer(),
  vocabulary: Type.Integer(),
  threshold: Type.Number(),
});

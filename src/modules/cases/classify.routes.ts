import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { CasesPermissions as P } from './cases.permissions.js';
import type { CasesService } from './cases.service.js';
import { ClassifyBody, ClassifyResult, TrainingStatus } from './classify.schemas.js';
import type { TrainingReport } from './classifier/classifier.js';

const tags = ['cases'];

const statusView = (report: TrainingReport | null, threshold: number) => ({
  trained: report !== null,
  trainedAt: report ? report.trainedAt.toISOString() : null,
  durationMs: report?.durationMs ?? null,
  corpusTexts: report?.corpusTexts ?? 0,
  confirmedCases: report?.confirmedCases ?? 0,
  returnedCases: report?.returnedCases ?? 0,
  categories: report?.categories ?? 0,
  vocabulary: report?.vocabulary ?? 0,
  threshold,
});

/** `/cases/classify` and `/cases/classifier…`: 智能分拨 suggestions and retraining. */
export function classifyRoutes(service: CasesService): FastifyPluginAsyncTypebox {
  const { classification } = service;
  return async (app) => {
    app.post(
      '/cases/classify',
      {
        schema: {
          tags,
          summary: '智能分拨建议：按诉求内容给出最可能的三个类别及权责清单中的责任单位（不创建案件）',
          description: '会话或持有 cases.read 权限的 API Key 均可调用。空白内容 400 CASES_CLASSIFY_TEXT_EMPTY；超过 2000 字 400 VALIDATION_FAILED。',
          body: ClassifyBody,
          response: { 200: ClassifyResult },
        },
        config: { access: P.read },
      },
      async (request) => classification.classify(request.body),
    );
    app.get(
      '/cases/classifier',
      { schema: { tags, summary: '分类模型状态：训练时间、样本数（语料、已办结案件、退回纠正）', response: { 200: TrainingStatus } }, config: { access: P.read } },
      async () => statusView(classification.status(), classification.threshold),
    );
    app.post(
      '/cases/classifier/retrain',
      { schema: { tags, summary: '重新训练分类模型：标注语料 + 已反馈案件的最终类别 + 退回案件（纠正样本）', response: { 200: TrainingStatus } }, config: { access: P.responsibilityManage } },
      async (request) => statusView(await classification.retrain(principalOf(request)), classification.threshold),
    );
  };
}

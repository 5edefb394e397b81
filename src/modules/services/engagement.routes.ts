import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import type { ApplicantsService } from './applicants.service.js';
import type { BundleSubmitInput, BundlesService } from './bundles.service.js';
import {
  AnswerBody,
  BundleApplication,
  BundleApplicationPage,
  Bundle,
  BundleList,
  BundlePrepare,
  BundleSubmitBody,
  CodeParams,
  EntitlementPage,
  EntitlementQuery,
  MaybeRating,
  PageQuery,
  Policy,
  PolicyList,
  RateBody,
  Rating,
  Rectification,
  RectificationPage,
  RectificationQuery,
  RunList,
  RunReport,
  Stats,
  StatsQuery,
  UuidParams,
} from './engagement.schemas.js';
import type { EntitlementsService } from './entitlements.service.js';
import type { RatingsService } from './ratings.service.js';
import { ServicesPermissions as P } from './services.permissions.js';

const tags = ['services'];

/**
 * Bundles (一件事一次办), 免申即享 policies and entitlements, 好差评 ratings and rectifications:
 * public lists under `/services/bundles`, `/services/policies`, `/services/ratings/stats`; the
 * applicant's under `/services/my/…`; the officers' under `/services/handle/…`.
 */
export function engagementRoutes(deps: { bundles: BundlesService; entitlements: EntitlementsService; ratings: RatingsService; applicants: Pick<ApplicantsService, 'of'> }): FastifyPluginAsyncTypebox {
  const { bundles, entitlements, ratings } = deps;
  return async (app) => {
    app.get('/services/bundles', { schema: { tags, summary: '“一件事一次办”主题列表', response: { 200: BundleList } }, config: { access: 'public' } }, async () => ({ items: await bundles.list() }));

    app.get('/services/bundles/:code', { schema: { tags, summary: '“一件事”主题详情（合并表单、包含的事项与部门）', params: CodeParams, response: { 200: Bundle } }, config: { access: 'public' } }, async (request) =>
      bundles.get(request.params.code),
    );

    app.get(
      '/services/my/bundles/:code/prepare',
      { schema: { tags, summary: '“一件事”申请准备：预填合并表单，各事项材料（免提交、电子证照、需上传）', params: CodeParams, response: { 200: BundlePrepare } }, config: { access: P.apply } },
      async (request) => bundles.prepare(principalOf(request), request.params.code),
    );

    app.post(
      '/services/my/bundle-applications',
      { schema: { tags, summary: '提交“一件事”申请（一表申请，各部门并联办理）', body: BundleSubmitBody, response: { 201: BundleApplication } }, config: { access: P.apply } },
      async (request, reply) => reply.status(201).send(await bundles.submit(principalOf(request), request.body as BundleSubmitInput)),
    );

    app.get(
      '/services/my/bundle-applications',
      { schema: { tags, summary: '我的“一件事”办件', querystring: PageQuery, response: { 200: BundleApplicationPage } }, config: { access: P.apply } },
      async (request) => bundles.myList(principalOf(request), request.query),
    );

    app.get(
      '/services/my/bundle-applications/:id',
      { schema: { tags, summary: '我的“一件事”办件详情（汇总状态与各事项办件）', params: UuidParams, response: { 200: BundleApplication } }, config: { access: P.apply } },
      async (request) => bundles.mine(principalOf(request), request.params.id),
    );

    for (const [kind, path, noun] of [
      ['application', 'applications', '办件'],
      ['bundle', 'bundle-applications', '“一件事”办件'],
    ] as const) {
      app.post(
        `/services/my/${path}/:id/rating`,
        { schema: { tags, summary: `评价已办结的${noun}（好差评，每件一次；差评转部门整改）`, params: UuidParams, body: RateBody, response: { 201: Rating } }, config: { access: P.apply } },
        async (request, reply) => reply.status(201).send(await ratings.rate(principalOf(request), kind, request.params.id, request.body)),
      );
      app.get(
        `/services/my/${path}/:id/rating`,
        { schema: { tags, summary: `我对${noun}的评价与整改反馈`, params: UuidParams, response: { 200: MaybeRating } }, config: { access: P.apply } },
        async (request) => ({ rating: await ratings.mine(principalOf(request), kind, request.params.id) }),
      );
    }

    app.get('/services/ratings/stats', { schema: { tags, summary: '好差评统计（按部门或事项：各等级数、好评率、差评数、按时办结率）', querystring: StatsQuery, response: { 200: Stats } }, config: { access: 'public' } }, async (request) => ({
      by: request.query.by,
      items: await ratings.stats(request.query.by),
    }));

    app.get(
      '/services/handle/rectifications',
      { schema: { tags, summary: '差评整改任务（本单位；未反馈在前，按期限排序）', querystring: RectificationQuery, response: { 200: RectificationPage } }, config: { access: P.applicationHandle } },
      async (request) => ratings.rectifications(principalOf(request), request.query),
    );

    app.post(
      '/services/handle/rectifications/:id/answer',
      { schema: { tags, summary: '整改反馈（核实结论与答复，告知申请人）', params: UuidParams, body: AnswerBody, response: { 200: Rectification } }, config: { access: P.applicationHandle } },
      async (request) => ratings.answer(principalOf(request), request.params.id, request.body),
    );

    app.get('/services/policies', { schema: { tags, summary: '免申即享政策列表', response: { 200: PolicyList } }, config: { access: 'public' } }, async () => ({ items: await entitlements.list() }));

    app.get('/services/policies/:code', { schema: { tags, summary: '免申即享政策详情（条件规则）', params: CodeParams, response: { 200: Policy } }, config: { access: 'public' } }, async (request) =>
      entitlements.get(request.params.code),
    );

    app.post(
      '/services/handle/policies/:code/run',
      { schema: { tags, summary: '立即运行免申即享政策（比对基础库，生成本期享受记录）', params: CodeParams, response: { 200: RunReport } }, config: { access: P.applicationHandle } },
      async (request) => entitlements.runNow(principalOf(request), request.params.code),
    );

    app.get(
      '/services/handle/policies/:code/runs',
      { schema: { tags, summary: '免申即享政策运行记录', params: CodeParams, response: { 200: RunList } }, config: { access: P.applicationHandle } },
      async (request) => ({ items: await entitlements.runs(principalOf(request), request.params.code) }),
    );

    app.get(
      '/services/handle/policies/:code/entitlements',
      { schema: { tags, summary: '免申即享享受名单（本部门政策）', params: CodeParams, querystring: EntitlementQuery, response: { 200: EntitlementPage } }, config: { access: P.applicationHandle } },
      async (request) => entitlements.entitlements(principalOf(request), request.params.code, request.query),
    );

    app.get(
      '/services/my/entitlements',
      { schema: { tags, summary: '我的免申即享待遇', querystring: PageQuery, response: { 200: EntitlementPage } }, config: { access: P.apply } },
      async (request) => entitlements.mine((await deps.applicants.of(principalOf(request))).id, request.query),
    );
  };
}

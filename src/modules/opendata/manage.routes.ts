import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import type { ApplicationsService } from './applications.service.js';
import { baseUrlOf } from './ckan/ckan.routes.js';
import type { ConsoleService } from './console.service.js';
import { OpendataPermissions as P } from './opendata.permissions.js';
import {
  Application,
  ApplicationsQuery,
  ApplicationsResponse,
  CandidatesResponse,
  DataBody,
  DatasetDetail,
  DecisionBody,
  IdParams,
  ManageListResponse,
  ManageStatisticsQuery,
  ManageStatisticsResponse,
  MetadataBody,
  PageQuery,
  PublishBody,
  StatusBody,
} from './opendata.schemas.js';
import { applicationView, detailView, summaryView } from './opendata.views.js';
import type { PortalService } from './portal.service.js';
import type { PublishService } from './publish.service.js';

const tags = ['opendata'];

/**
 * `/opendata/manage/…`: the owner department's console — its datasets with freshness and
 * use, overdue ones, resources it may publish, publish / update / unpublish, and the
 * applications for its conditional-open datasets.
 */
export function manageRoutes(deps: { publish: PublishService; console: ConsoleService; portal: PortalService; applications: ApplicationsService }): FastifyPluginAsyncTypebox {
  const { publish, portal, applications } = deps;
  return async (app) => {
    async function detail(base: string, id: string) {
      const dataset = await portal.getDataset(id);
      const distributions = dataset ? ((await portal.distributions([dataset.id])).get(dataset.id) ?? []) : [];
      return detailView(base, { ...portal.fresh(dataset!), distributions });
    }

    app.get(
      '/opendata/manage/datasets',
      { schema: { tags, summary: '本单位开放数据集（含已下线）及其时效、使用量', querystring: PageQuery, response: { 200: ManageListResponse } }, config: { access: P.manage } },
      async (request) => {
        const { items, total } = await deps.console.datasets(principalOf(request), request.query);
        return { items: items.map(summaryView), total };
      },
    );
    app.get('/opendata/manage/overdue', { schema: { tags, summary: '本单位逾期未更新的数据集（督办事项）', response: { 200: ManageListResponse } }, config: { access: P.manage } }, async (request) => {
      const { items, total } = await deps.console.overdue(principalOf(request));
      return { items: items.map(summaryView), total };
    });
    app.get('/opendata/supervision/overdue', { schema: { tags, summary: '本地区全部逾期未更新的数据集（督办）', response: { 200: ManageListResponse } }, config: { access: P.read } }, async (request) => {
      const { items, total } = await deps.console.regionOverdue(principalOf(request));
      return { items: items.map(summaryView), total };
    });
    app.get(
      '/opendata/manage/statistics',
      { schema: { tags, summary: '本单位（或某一数据集）每日下载量与接口调用量', querystring: ManageStatisticsQuery, response: { 200: ManageStatisticsResponse } }, config: { access: P.manage } },
      async (request) => deps.console.usage(principalOf(request), request.query),
    );
    app.get('/opendata/manage/candidates', { schema: { tags, summary: '可发布的目录资源（无条件/有条件开放，尚未发布）', response: { 200: CandidatesResponse } }, config: { access: P.manage } }, async (request) => ({
      items: await deps.console.candidates(principalOf(request)),
    }));

    app.get('/opendata/manage/datasets/:id', { schema: { tags, summary: '数据集详情（任意状态）', params: IdParams, response: { 200: DatasetDetail } }, config: { access: P.manage } }, async (request) => {
      const dataset = await publish.get(principalOf(request), request.params.id);
      return detail(baseUrlOf(request), dataset.id);
    });

    app.post(
      '/opendata/manage/datasets',
      { schema: { tags, summary: '从目录资源发布开放数据集', body: PublishBody, response: { 201: DatasetDetail } }, config: { access: P.manage } },
      async (request, reply) => {
        const dataset = await publish.publish(principalOf(request), request.body);
        return reply.status(201).send(await detail(baseUrlOf(request), dataset.id));
      },
    );
    app.put(
      '/opendata/manage/datasets/:id/data',
      { schema: { tags, summary: '更新数据（重新计算时效）', params: IdParams, body: DataBody, response: { 200: DatasetDetail } }, config: { access: P.manage } },
      async (request) => {
        const dataset = await publish.updateData(principalOf(request), request.params.id, request.body);
        return detail(baseUrlOf(request), dataset.id);
      },
    );
    app.patch(
      '/opendata/manage/datasets/:id',
      { schema: { tags, summary: '修改元数据', params: IdParams, body: MetadataBody, response: { 200: DatasetDetail } }, config: { access: P.manage } },
      async (request) => {
        const dataset = await publish.updateMetadata(principalOf(request), request.params.id, request.body);
        return detail(baseUrlOf(request), dataset.id);
      },
    );
    app.post(
      '/opendata/manage/datasets/:id/unpublish',
      { schema: { tags, summary: '下线数据集', params: IdParams, body: StatusBody, response: { 200: DatasetDetail } }, config: { access: P.manage } },
      async (request) => {
        const dataset = await publish.setStatus(principalOf(request), request.params.id, request.body, 'unpublished');
        return detail(baseUrlOf(request), dataset.id);
      },
    );
    app.post(
      '/opendata/manage/datasets/:id/republish',
      { schema: { tags, summary: '重新上线数据集', params: IdParams, body: StatusBody, response: { 200: DatasetDetail } }, config: { access: P.manage } },
      async (request) => {
        const dataset = await publish.setStatus(principalOf(request), request.params.id, request.body, 'published');
        return detail(baseUrlOf(request), dataset.id);
      },
    );

    app.get(
      '/opendata/manage/applications',
      { schema: { tags, summary: '有条件开放申请（本单位数据集）', querystring: ApplicationsQuery, response: { 200: ApplicationsResponse } }, config: { access: P.manage } },
      async (request) => {
        const { items, total } = await applications.list(principalOf(request), request.query);
        return { items: items.map(applicationView), total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );
    app.post(
      '/opendata/manage/applications/:id/decision',
      { schema: { tags, summary: '批准或驳回申请', params: IdParams, body: DecisionBody, response: { 200: Application } }, config: { access: P.manage } },
      async (request) => applicationView(await applications.decide(principalOf(request), request.params.id, request.body)),
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { principalOf } from '../../kernel/auth/index.js';
import type { ApplicationsService } from './applications.service.js';
import { baseUrlOf } from './ckan/ckan.routes.js';
import { FREQUENCIES, FREQUENCY_LABELS, LICENCES, THEMES } from './opendata.model.js';
import { OpendataPermissions as P } from './opendata.permissions.js';
import {
  ApplyBody,
  ApplyResponse,
  ClaimBody,
  ClaimResponse,
  CodeParams,
  DatasetDetail,
  DepartmentResponse,
  DepartmentsResponse,
  HomeResponse,
  IdParams,
  NameParams,
  PageQuery,
  PreviewResponse,
  RowsQuery,
  RowsResponse,
  SearchQuery,
  SearchResponse,
  StatisticsQuery,
  StatisticsResponse,
  UpdatesResponse,
  VocabularyResponse,
} from './opendata.schemas.js';
import { detailView, summaryView, updateView } from './opendata.views.js';
import type { PortalService } from './portal.service.js';
import type { SearchRepository } from './search.repository.js';

const tags = ['opendata'];

function sendFile(reply: FastifyReply, file: { contentType: string; filename: string; body: string | Buffer }) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(file.body);
}

/**
 * `/opendata/…`: the public portal (no login) — home, search, dataset pages, preview,
 * downloads and the row API (counted), history, departments, statistics, applications for
 * conditional-open datasets; and `/opendata/granted/…` for the API keys of approved
 * applications.
 */
export function opendataRoutes(deps: { portal: PortalService; applications: ApplicationsService; search: SearchRepository }): FastifyPluginAsyncTypebox {
  const { portal, applications } = deps;
  return async (app) => {
    app.get('/opendata/home', { schema: { tags, summary: '开放数据首页：总量、最新与最常用数据集', response: { 200: HomeResponse } }, config: { access: 'public' } }, async () => {
      const home = await portal.home();
      return {
        totals: home.totals,
        newest: home.newest.map(summaryView),
        mostUsed: home.mostUsed.map(summaryView),
        themes: THEMES.map((t) => ({ code: t.code, name: t.name, count: home.themes.get(t.code) ?? 0 })).filter((t) => t.count > 0),
      };
    });

    app.get('/opendata/vocabulary', { schema: { tags, summary: '数据领域、许可协议、更新频率', response: { 200: VocabularyResponse } }, config: { access: 'public' } }, async () => ({
      themes: THEMES.map((t) => ({ code: t.code, name: t.name })),
      licences: LICENCES.map((l) => ({ id: l.id, title: l.title, url: l.url })),
      frequencies: FREQUENCIES.map((f) => ({ code: f, name: FREQUENCY_LABELS[f] })),
    }));

    app.get(
      '/opendata/datasets',
      { schema: { tags, summary: '检索开放数据集（中文分词；部门、领域、格式、区划、许可分面）', querystring: SearchQuery, response: { 200: SearchResponse } }, config: { access: 'public' } },
      async (request) => {
        const result = await portal.search(request.query);
        return { ...result, items: result.items.map(summaryView), page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get('/opendata/datasets/:name', { schema: { tags, summary: '数据集详情', params: NameParams, response: { 200: DatasetDetail } }, config: { access: 'public' } }, async (request) =>
      detailView(baseUrlOf(request), await portal.dataset(request.params.name)),
    );

    app.get('/opendata/datasets/:name/preview', { schema: { tags, summary: '数据预览（前 10 行）', params: NameParams, response: { 200: PreviewResponse } }, config: { access: 'public' } }, async (request) =>
      portal.preview(request.params.name),
    );

    app.get('/opendata/datasets/:name/data.csv', { schema: { tags, summary: '下载 CSV（计入下载量）', params: NameParams }, config: { access: 'public' } }, async (request, reply) =>
      sendFile(reply, await portal.download(request.params.name, 'csv')),
    );
    app.get('/opendata/datasets/:name/data.json', { schema: { tags, summary: '下载 JSON（计入下载量）', params: NameParams }, config: { access: 'public' } }, async (request, reply) =>
      sendFile(reply, await portal.download(request.params.name, 'json')),
    );
    app.get('/opendata/datasets/:name/data.xlsx', { schema: { tags, summary: '下载 Excel（XLSX，中文表头；计入下载量）', params: NameParams }, config: { access: 'public' } }, async (request, reply) =>
      sendFile(reply, await portal.download(request.params.name, 'xlsx')),
    );
    app.get(
      '/opendata/datasets/:name/rows',
      { schema: { tags, summary: '数据接口：分页读取数据行（计入调用量）', params: NameParams, querystring: RowsQuery, response: { 200: RowsResponse } }, config: { access: 'public' } },
      async (request) => portal.rows(request.params.name, request.query),
    );
    app.get(
      '/opendata/datasets/:name/updates',
      { schema: { tags, summary: '更新记录（最新在前）', params: NameParams, querystring: PageQuery, response: { 200: UpdatesResponse } }, config: { access: 'public' } },
      async (request) => {
        const { items, total } = await portal.updates(request.params.name, request.query);
        return { items: items.map(updateView), total, ...request.query };
      },
    );

    app.get('/opendata/departments', { schema: { tags, summary: '开放数据的部门', response: { 200: DepartmentsResponse } }, config: { access: 'public' } }, async () => ({
      items: (await deps.search.owners()).map((o) => ({ code: o.code, name: o.name, count: o.count })),
    }));
    app.get('/opendata/departments/:code', { schema: { tags, summary: '部门页：数据集、逾期数、使用量', params: CodeParams, response: { 200: DepartmentResponse } }, config: { access: 'public' } }, async (request) => {
      const department = await portal.department(request.params.code);
      return { ...department, datasets: department.datasets.map(summaryView) };
    });

    app.get(
      '/opendata/statistics',
      { schema: { tags, summary: '每日下载量与接口调用量', querystring: StatisticsQuery, response: { 200: StatisticsResponse } }, config: { access: 'public' } },
      async (request) => portal.statistics(request.query.days, request.query.dataset),
    );

    app.post(
      '/opendata/datasets/:name/applications',
      { schema: { tags, summary: '申请有条件开放数据（返回一次性领取凭证）', params: NameParams, body: ApplyBody, response: { 201: ApplyResponse } }, config: { access: 'public' } },
      async (request, reply) => reply.status(201).send(await applications.apply(request.params.name, request.body)),
    );
    app.post(
      '/opendata/applications/:id/claim',
      { schema: { tags, summary: '凭领取凭证查询申请结果；获批后领取 API 密钥（仅一次）', params: IdParams, body: ClaimBody, response: { 200: ClaimResponse } }, config: { access: 'public' } },
      async (request) => {
        const claim = await applications.claim(request.params.id, request.body.token);
        return { ...claim, expiresAt: claim.expiresAt ? claim.expiresAt.toISOString() : null };
      },
    );

    app.get(
      '/opendata/granted/:name/rows',
      { schema: { tags, summary: '有条件开放数据：分页读取（获批的 API 密钥）', params: NameParams, querystring: RowsQuery, response: { 200: RowsResponse }, security: [{ apiKey: [] }] }, config: { access: P.conditionalRead } },
      async (request) => portal.grantedRows(principalOf(request), request.params.name, request.query),
    );
    app.get(
      '/opendata/granted/:name/data.csv',
      { schema: { tags, summary: '有条件开放数据：下载 CSV（获批的 API 密钥）', params: NameParams, security: [{ apiKey: [] }] }, config: { access: P.conditionalRead } },
      async (request, reply) => sendFile(reply, await portal.grantedDownload(principalOf(request), request.params.name, 'csv')),
    );
    app.get(
      '/opendata/granted/:name/data.json',
      { schema: { tags, summary: '有条件开放数据：下载 JSON（获批的 API 密钥）', params: NameParams, security: [{ apiKey: [] }] }, config: { access: P.conditionalRead } },
      async (request, reply) => sendFile(reply, await portal.grantedDownload(principalOf(request), request.params.name, 'json')),
    );
    app.get(
      '/opendata/granted/:name/data.xlsx',
      { schema: { tags, summary: '有条件开放数据：下载 Excel（获批的 API 密钥）', params: NameParams, security: [{ apiKey: [] }] }, config: { access: P.conditionalRead } },
      async (request, reply) => sendFile(reply, await portal.grantedDownload(principalOf(request), request.params.name, 'xlsx')),
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import type { Item } from './services.model.js';
import { ServicesPermissions as P } from './services.permissions.js';
import {
  CodeParams,
  CreateItemBody,
  Guide,
  HighFrequencyResponse,
  IdParams,
  ItemDetail,
  Item as ItemSchema,
  ManageSearchQuery,
  PublicSearchQuery,
  SearchResponse,
  StatusChangeBody,
  UpdateItemBody,
  VersionParams,
  VersionResponse,
  VersionsQuery,
  VersionsResponse,
} from './services.schemas.js';
import type { SearchResult, ServicesService } from './services.service.js';
import { ItemNotFound } from './services.errors.js';

const tags = ['services'];
const iso = (d: Date) => d.toISOString();

export function itemView(item: Item) {
  return { ...item, createdAt: iso(item.createdAt), updatedAt: iso(item.updatedAt), publishedAt: item.publishedAt ? iso(item.publishedAt) : null };
}

function summaryView(item: Item & { score?: number }) {
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    aliases: item.aliases,
    type: item.type,
    organisation: { id: item.organisation.id, name: item.organisation.name },
    level: item.level,
    subjects: item.subjects,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    channels: item.channels,
    onlineDepth: item.onlineDepth,
    crossRegion: item.crossRegion,
    materialCount: item.materials.length,
    licenseReplaceable: item.materials.filter((m) => m.licenseTypeCode !== null).length,
    free: item.fees.length === 0,
    highFrequency: item.highFrequency,
    highFrequencyRank: item.highFrequencyRank,
    status: item.status,
    version: item.version,
    score: item.score ?? 0,
  };
}

const resultView = (result: SearchResult, page: { page: number; pageSize: number }) => ({ ...result, items: result.items.map(summaryView), ...page });

/**
 * `/services/items…` for everyone (published items, their guides, the high-frequency list)
 * and `/services/manage/items…` for staff (every status, edits, publish, withdraw, versions).
 */
export function servicesRoutes(services: ServicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/services/items',
      {
        schema: { tags, summary: '检索政务服务事项（中文全文检索、筛选、分面统计；公开）', querystring: PublicSearchQuery, response: { 200: SearchResponse } },
        config: { access: 'public' },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        return resultView(await services.publicSearch(request.query), { page, pageSize });
      },
    );

    app.get(
      '/services/items/high-frequency',
      { schema: { tags, summary: '高频事项清单（公开）', response: { 200: HighFrequencyResponse } }, config: { access: 'public' } },
      async () => ({ items: (await services.highFrequency()).map((item) => summaryView(item)) }),
    );

    app.get(
      '/services/items/:code',
      { schema: { tags, summary: '办事指南（按实施编码或事项 id；公开）', params: CodeParams, response: { 200: Guide } }, config: { access: 'public' } },
      async (request) => {
        const guide = await services.guide(request.params.code);
        return { ...itemView(guide), crossRegionNames: guide.crossRegionNames, deadline: guide.deadline };
      },
    );

    app.get(
      '/services/manage/items',
      {
        schema: { tags, summary: '本地区政务服务事项（含草稿、已撤回）', querystring: ManageSearchQuery, response: { 200: SearchResponse } },
        config: { access: P.itemManage },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        return resultView(await services.manageSearch(principalOf(request), request.query), { page, pageSize });
      },
    );

    app.get(
      '/services/manage/items/:id',
      { schema: { tags, summary: '事项详情（任意状态）', params: IdParams, response: { 200: ItemDetail } }, config: { access: P.itemManage } },
      async (request) => {
        const item = await services.get(principalOf(request), request.params.id);
        return { ...itemView(item), canManage: item.canManage };
      },
    );

    app.get(
      '/services/manage/items/:id/versions',
      { schema: { tags, summary: '事项版本历史（最新在前）', params: IdParams, querystring: VersionsQuery, response: { 200: VersionsResponse } }, config: { access: P.itemManage } },
      async (request) => {
        const { page, pageSize } = request.query;
        const result = await services.versions(principalOf(request), request.params.id, request.query);
        return { items: result.items.map((v) => ({ ...v, at: iso(v.at) })), total: result.total, page, pageSize };
      },
    );

    app.get(
      '/services/manage/items/:id/versions/:version',
      { schema: { tags, summary: '事项的某一版本（申请所依据的版本）', params: VersionParams, response: { 200: VersionResponse } }, config: { access: P.itemManage } },
      async (request) => {
        await services.get(principalOf(request), request.params.id);
        const version = await services.getItemVersion(request.params.id, request.params.version);
        if (!version) {
          throw ItemNotFound({ version: request.params.version });
        }
        return { ...version, at: iso(version.at) };
      },
    );

    app.post(
      '/services/manage/items',
      { schema: { tags, summary: '新建事项（草稿）', body: CreateItemBody, response: { 201: ItemSchema } }, config: { access: P.itemManage } },
      async (request, reply) => reply.status(201).send(itemView(await services.create(principalOf(request), request.body))),
    );

    app.patch(
      '/services/manage/items/:id',
      { schema: { tags, summary: '修改事项（带版本号，生成新版本）', params: IdParams, body: UpdateItemBody, response: { 200: ItemSchema } }, config: { access: P.itemManage } },
      async (request) => itemView(await services.update(principalOf(request), request.params.id, request.body)),
    );

    app.post(
      '/services/manage/items/:id/publish',
      { schema: { tags, summary: '发布事项', params: IdParams, body: StatusChangeBody, response: { 200: ItemSchema } }, config: { access: P.itemManage } },
      async (request) => itemView(await services.publish(principalOf(request), request.params.id, request.body)),
    );

    app.post(
      '/services/manage/items/:id/withdraw',
      { schema: { tags, summary: '撤回事项（停止办理）', params: IdParams, body: StatusChangeBody, response: { 200: ItemSchema } }, config: { access: P.itemManage } },
      async (request) => itemView(await services.withdraw(principalOf(request), request.params.id, request.body)),
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { CatalogPermissions as P } from './catalog.access.js';
import type { Resource } from './catalog.model.js';
import {
  CreateResourceBody,
  IdParams,
  ResourceDetail,
  Resource as ResourceSchema,
  SearchQuery,
  SearchResponse,
  StatusChangeBody,
  UpdateResourceBody,
  VersionsQuery,
  VersionsResponse,
} from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';

const tags = ['catalog'];
const iso = (d: Date) => d.toISOString();

export function resourceView(r: Resource) {
  return { ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt), publishedAt: r.publishedAt ? iso(r.publishedAt) : null };
}

function summaryView(r: Resource & { score: number }) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    owner: r.owner,
    description: r.description.length > 200 ? `${r.description.slice(0, 200)}…` : r.description,
    category: r.category,
    grade: r.grade,
    updateCycle: r.updateCycle,
    shareAttribute: r.shareAttribute,
    openAttribute: r.openAttribute,
    status: r.status,
    version: r.version,
    tags: r.tags,
    fieldCount: r.fields.length,
    updatedAt: iso(r.updatedAt),
    score: r.score,
  };
}

/** `/catalog/resources…`: search, read, create, edit, publish, retire, version history. */
export function catalogRoutes(catalog: CatalogService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/catalog/resources',
      {
        schema: { tags, summary: '检索数据资源目录（中文全文检索、筛选、分面统计）', querystring: SearchQuery, response: { 200: SearchResponse } },
        config: { access: P.read },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const result = await catalog.search(principalOf(request), request.query);
        return { ...result, items: result.items.map(summaryView), page, pageSize };
      },
    );

    app.get(
      '/catalog/resources/:id',
      { schema: { tags, summary: '数据资源详情（含信息项及其敏感级别）', params: IdParams, response: { 200: ResourceDetail } }, config: { access: P.read } },
      async (request) => {
        const resource = await catalog.get(principalOf(request), request.params.id);
        return { ...resourceView(resource), canManage: resource.canManage };
      },
    );

    app.get(
      '/catalog/resources/:id/versions',
      { schema: { tags, summary: '数据资源版本历史（最新在前）', params: IdParams, querystring: VersionsQuery, response: { 200: VersionsResponse } }, config: { access: P.read } },
      async (request) => {
        const { page, pageSize } = request.query;
        const result = await catalog.versions(principalOf(request), request.params.id, request.query);
        return { items: result.items.map((v) => ({ ...v, at: iso(v.at) })), total: result.total, page, pageSize };
      },
    );

    app.post(
      '/catalog/resources',
      { schema: { tags, summary: '新建数据资源（草稿）', body: CreateResourceBody, response: { 201: ResourceSchema } }, config: { access: P.manage } },
      async (request, reply) => reply.status(201).send(resourceView(await catalog.create(principalOf(request), request.body))),
    );

    app.patch(
      '/catalog/resources/:id',
      { schema: { tags, summary: '修改数据资源（带版本号，生成新版本）', params: IdParams, body: UpdateResourceBody, response: { 200: ResourceSchema } }, config: { access: P.manage } },
      async (request) => resourceView(await catalog.update(principalOf(request), request.params.id, request.body)),
    );

    app.post(
      '/catalog/resources/:id/publish',
      { schema: { tags, summary: '发布数据资源', params: IdParams, body: StatusChangeBody, response: { 200: ResourceSchema } }, config: { access: P.manage } },
      async (request) => resourceView(await catalog.publish(principalOf(request), request.params.id, request.body)),
    );

    app.post(
      '/catalog/resources/:id/retire',
      { schema: { tags, summary: '停用数据资源', params: IdParams, body: StatusChangeBody, response: { 200: ResourceSchema } }, config: { access: P.manage } },
      async (request) => resourceView(await catalog.retire(principalOf(request), request.params.id, request.body)),
    );
  };
}

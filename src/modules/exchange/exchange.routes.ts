import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { ExchangePermissions as P } from './exchange.permissions.js';
import {
  ApproveBody,
  CreateRequestBody,
  Grant,
  GrantQuery,
  grantView,
  IdParams,
  RejectBody,
  Request,
  RequestQuery,
  requestView,
  RevokeBody,
  Usage,
  UsageQuery,
  WithdrawBody,
} from './exchange.schemas.js';
import type { ExchangeService } from './exchange.service.js';

const tags = ['exchange'];

/** Requests, decisions, grants and usage for the console. */
export function exchangeRoutes(service: ExchangeService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/exchange/requests',
      { schema: { tags, summary: '提交共享申请', body: CreateRequestBody, response: { 201: Request } }, config: { access: P.request } },
      async (request, reply) => reply.status(201).send(requestView(await service.createRequest(principalOf(request), request.body))),
    );
    app.get(
      '/exchange/requests',
      { schema: { tags, summary: '共享申请（本单位提交的 / 待本单位审批的）', querystring: RequestQuery, response: { 200: Type.Object({ items: Type.Array(Request) }) } }, config: { access: 'authenticated' } },
      async (request) => ({ items: (await service.listRequests(principalOf(request), request.query)).map(requestView) }),
    );
    app.get(
      '/exchange/requests/:id',
      { schema: { tags, summary: '共享申请详情', params: IdParams, response: { 200: Request } }, config: { access: 'authenticated' } },
      async (request) => requestView(await service.getRequest(principalOf(request), request.params.id)),
    );
    app.post(
      '/exchange/requests/:id/approve',
      {
        schema: { tags, summary: '批准（可缩小范围）', params: IdParams, body: ApproveBody, response: { 200: Type.Object({ request: Request, grant: Grant }) } },
        config: { access: P.approve },
      },
      async (request) => {
        const { request: row, grant } = await service.approve(principalOf(request), request.params.id, request.body);
        return { request: requestView(row), grant: grantView(grant) };
      },
    );
    app.post(
      '/exchange/requests/:id/reject',
      { schema: { tags, summary: '驳回（须说明理由）', params: IdParams, body: RejectBody, response: { 200: Request } }, config: { access: P.approve } },
      async (request) => requestView(await service.reject(principalOf(request), request.params.id, request.body)),
    );
    app.post(
      '/exchange/requests/:id/withdraw',
      { schema: { tags, summary: '撤回待审批的申请', params: IdParams, body: WithdrawBody, response: { 200: Request } }, config: { access: P.request } },
      async (request) => requestView(await service.withdraw(principalOf(request), request.params.id, request.body.version)),
    );
    app.get(
      '/exchange/grants',
      { schema: { tags, summary: '共享授权（本单位持有的 / 本单位资源的）', querystring: GrantQuery, response: { 200: Type.Object({ items: Type.Array(Grant) }) } }, config: { access: 'authenticated' } },
      async (request) => ({ items: (await service.listGrants(principalOf(request), request.query.side)).map(grantView) }),
    );
    app.get(
      '/exchange/grants/:id',
      { schema: { tags, summary: '共享授权详情', params: IdParams, response: { 200: Grant } }, config: { access: 'authenticated' } },
      async (request) => grantView(await service.getGrant(principalOf(request), request.params.id)),
    );
    app.post(
      '/exchange/grants/:id/revoke',
      { schema: { tags, summary: '撤销授权（立即生效）', params: IdParams, body: RevokeBody, response: { 200: Grant } }, config: { access: P.approve } },
      async (request) => grantView(await service.revoke(principalOf(request), request.params.id, request.body.reason)),
    );
    app.get(
      '/exchange/usage',
      { schema: { tags, summary: '共享服务调用统计（按日、按使用单位）', querystring: UsageQuery, response: { 200: Usage } }, config: { access: 'authenticated' } },
      async (request) => service.usage(principalOf(request), request.query),
    );
  };
}

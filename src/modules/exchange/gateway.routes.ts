import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { ExchangePermissions as P } from './exchange.permissions.js';
import { GatewayHeaders, GatewayQuery, LookupAnswer, VerifyAnswer, VerifyBody } from './exchange.schemas.js';
import type { CallContext, Gateway } from './gateway.service.js';

const tags = ['exchange-gateway'];

/** Header values are Latin-1: Chinese purposes arrive percent-encoded. */
function decoded(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return decodeURIComponent(value).trim() || undefined;
  } catch {
    return value.trim() || undefined;
  }
}

function contextOf(request: FastifyRequest<{ Headers: { 'x-yiwang-purpose'?: string; 'x-yiwang-case'?: string }; Querystring: { purpose?: string; case?: string; fields?: string } }>): CallContext {
  const fields = request.query.fields?.split(',').map((f) => f.trim()).filter((f) => f !== '');
  return {
    principal: principalOf(request),
    purpose: decoded(request.headers['x-yiwang-purpose']) ?? request.query.purpose?.trim(),
    caseId: decoded(request.headers['x-yiwang-case']) ?? request.query.case?.trim(),
    fields: fields && fields.length > 0 ? fields : undefined,
  };
}

/**
 * The exchange gateway for department systems (API keys with scope `exchange.call`):
 * purpose in `X-Yiwang-Purpose` (or `?purpose=`), case in `X-Yiwang-Case` (or `?case=`).
 */
export function gatewayRoutes(gateway: Gateway): FastifyPluginAsyncTypebox {
  return async (app) => {
    const access = { access: P.call };
    app.get(
      '/exchange/gateway/persons/:idNumber',
      {
        schema: { tags, summary: '人口基础库查询（按授权字段、按分级脱敏）', headers: GatewayHeaders, querystring: GatewayQuery, params: Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 32 }) }), response: { 200: LookupAnswer } },
        config: access,
      },
      async (request) => gateway.person(contextOf(request), request.params.idNumber),
    );
    app.get(
      '/exchange/gateway/entities/:creditCode',
      {
        schema: { tags, summary: '法人基础库查询（按授权字段、按分级脱敏）', headers: GatewayHeaders, querystring: GatewayQuery, params: Type.Object({ creditCode: Type.String({ minLength: 1, maxLength: 32 }) }), response: { 200: LookupAnswer } },
        config: access,
      },
      async (request) => gateway.entity(contextOf(request), request.params.creditCode),
    );
    app.post(
      '/exchange/gateway/persons/verify',
      { schema: { tags, summary: '身份号码与姓名批量核验（最多 100 对）', headers: GatewayHeaders, querystring: GatewayQuery, body: VerifyBody, response: { 200: VerifyAnswer } }, config: access },
      async (request) => gateway.verify(contextOf(request), request.body.pairs),
    );
  };
}

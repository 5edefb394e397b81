import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { LicensesPermissions as P } from './licenses.permissions.js';
import {
  FingerprintParams,
  HolderParams,
  IdParams,
  ImportAnswer,
  IssueBody,
  License,
  LicenseDetail,
  LicensePage,
  LicenseType,
  ListQuery,
  RevokeBody,
  SignedDocument,
  SignedDocumentBody,
  TrustBody,
  TrustedKey,
} from './licenses.schemas.js';
import type { LicensesStaff } from './licenses.staff.js';
import { originOf } from './verify.routes.js';

const tags = ['licenses'];

/** Staff routes: search, details, signed documents, issue, revoke, foreign licenses, trusted city keys. */
export function licensesRoutes(staff: LicensesStaff): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/licenses',
      { schema: { tags, summary: '电子证照查询（本辖区）', querystring: ListQuery, response: { 200: LicensePage } }, config: { access: P.read } },
      async (request) => staff.search(principalOf(request), request.query),
    );
    app.get(
      '/licenses/types',
      { schema: { tags, summary: '证照类型（GB/T 36901 元数据）', response: { 200: Type.Object({ items: Type.Array(LicenseType) }) } }, config: { access: P.read } },
      async () => ({ items: await staff.types() }),
    );
    app.get(
      '/licenses/holders/:holderCode',
      { schema: { tags, summary: '持证主体的电子证照（按身份证号或统一社会信用代码）', params: HolderParams, response: { 200: Type.Object({ items: Type.Array(LicenseDetail) }) } }, config: { access: P.read } },
      async (request) => ({ items: await staff.forHolder(principalOf(request), request.params.holderCode) }),
    );
    app.get(
      '/licenses/:id',
      { schema: { tags, summary: '电子证照详情（含照面信息）', params: IdParams, response: { 200: LicenseDetail } }, config: { access: P.read } },
      async (request) => staff.get(principalOf(request), request.params.id),
    );
    app.get(
      '/licenses/:id/document',
      { schema: { tags, summary: '下载签名证照文件（JSON，SM2 签名）', params: IdParams, response: { 200: SignedDocument } }, config: { access: P.read } },
      async (request, reply) => {
        const document = await staff.document(principalOf(request), request.params.id, originOf(request));
        return reply.header('content-disposition', `attachment; filename="${document.content.identifier}.json"`).send(document);
      },
    );
    app.post(
      '/licenses',
      { schema: { tags, summary: '颁发电子证照（测试与管理用；业务办结时由事项办理模块颁发）', body: IssueBody, response: { 201: LicenseDetail } }, config: { access: P.issue } },
      async (request, reply) => reply.status(201).send(await staff.issue(principalOf(request), request.body)),
    );
    app.post(
      '/licenses/:id/revoke',
      { schema: { tags, summary: '注销电子证照', params: IdParams, body: RevokeBody, response: { 200: License } }, config: { access: P.revoke } },
      async (request) => staff.revoke(principalOf(request), request.params.id, request.body.reason),
    );
    app.post(
      '/licenses/import',
      { schema: { tags, summary: '登记外地电子证照（验证受信任城市的签名后互认）', body: SignedDocumentBody, response: { 200: ImportAnswer, 201: ImportAnswer } }, config: { access: P.import } },
      async (request, reply) => {
        const answer = await staff.importForeign(principalOf(request), request.body);
        return reply.status(answer.created ? 201 : 200).send(answer);
      },
    );
    app.get(
      '/licenses/trusted-keys',
      { schema: { tags, summary: '受信任的其他城市签名公钥（互认）', response: { 200: Type.Object({ items: Type.Array(TrustedKey) }) } }, config: { access: P.trust } },
      async () => ({ items: await staff.trustedKeys() }),
    );
    app.post(
      '/licenses/trusted-keys',
      { schema: { tags, summary: '登记受信任的城市签名公钥', body: TrustBody, response: { 201: TrustedKey } }, config: { access: P.trust } },
      async (request, reply) => reply.status(201).send(await staff.trust(principalOf(request), request.body)),
    );
    app.post(
      '/licenses/trusted-keys/:fingerprint/revoke',
      { schema: { tags, summary: '撤销对城市签名公钥的信任', params: FingerprintParams, body: RevokeBody, response: { 200: TrustedKey } }, config: { access: P.trust } },
      async (request) => staff.untrust(principalOf(request), request.params.fingerprint, request.body.reason),
    );
  };
}

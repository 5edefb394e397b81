import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { sendFile } from './applications.routes.js';
import { ActionBody, IdParams, InboxQuery, MaterialParams, OfficerDetail, ProcedureBody, ProcedureResponse, ReasonBody, ReviewBody, SendBackBody, SummaryPage } from './applications.schemas.js';
import type { ApplicationsService } from './applications.service.js';
import type { ProcedureInput, ProcedureService } from './procedure.service.js';
import type { StoredProcedure } from './procedure.repository.js';
import { ServicesPermissions as P } from './services.permissions.js';

const tags = ['services'];

const procedureView = (p: StoredProcedure) => ({ ...p, updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null });

/**
 * Officers' routes under `/services/handle/applications…` (inbox, detail, the workflow
 * actions; each action answers with the application as the caller now sees it) and the
 * item procedure under `/services/manage/items/:id/procedure`.
 */
export function workflowRoutes(deps: { applications: ApplicationsService; procedures: ProcedureService }): FastifyPluginAsyncTypebox {
  const { applications: service, procedures } = deps;

  return async (app) => {
    app.get(
      '/services/handle/applications',
      { schema: { tags, summary: '办件收件箱（本单位、按岗位待办；最紧迫在前）', querystring: InboxQuery, response: { 200: SummaryPage } }, config: { access: P.applicationHandle } },
      async (request) => {
        const { page, pageSize } = request.query;
        return { ...(await service.inbox(principalOf(request), request.query)), page, pageSize };
      },
    );

    app.get(
      '/services/handle/applications/:id',
      {
        schema: { tags, summary: '办件详情（材料与申请人电子证照对照、并联审查、办理记录、可执行操作）', params: IdParams, response: { 200: OfficerDetail } },
        config: { access: P.applicationHandle },
      },
      async (request) => service.detail(principalOf(request), request.params.id),
    );

    app.get(
      '/services/handle/applications/:id/materials/:materialId/file',
      { schema: { tags, summary: '下载申请人上传的材料（SM3 校验）', params: MaterialParams }, config: { access: P.applicationHandle } },
      async (request, reply) => sendFile(reply, await service.officerFile(principalOf(request), request.params.id, request.params.materialId)),
    );

    const action = <B>(
      path: string,
      summary: string,
      body: typeof ActionBody | typeof ReviewBody | typeof ReasonBody | typeof SendBackBody,
      run: (principal: ReturnType<typeof principalOf>, id: string, input: B) => Promise<unknown>,
    ) =>
      app.post(
        `/services/handle/applications/:id/${path}`,
        { schema: { tags, summary, params: IdParams, body, response: { 200: OfficerDetail } }, config: { access: P.applicationHandle } },
        async (request) => {
          const principal = principalOf(request);
          await run(principal, request.params.id, request.body as B);
          return service.detail(principal, request.params.id);
        },
      );

    action('accept', '受理（开始计算办结时限）', ActionBody, service.accept);
    action('review', '提交本单位审查意见（含并联审查；全部完成后进入决定）', ReviewBody, service.review);
    action('send-back', '退回补正（受理后暂停计时）', SendBackBody, service.sendBack);
    action('reject', '不予受理 / 不予许可（须说明理由）', ReasonBody, service.reject);
    action('approve', '决定：准予', ActionBody, service.approve);
    action('complete', '办结（签发结果电子证照）', ActionBody, service.complete);

    app.get(
      '/services/manage/items/:id/procedure',
      { schema: { tags, summary: '事项办理规则（结果证照、并联审查、岗位、免提交材料、秒批规则）', params: IdParams, response: { 200: ProcedureResponse } }, config: { access: P.itemManage } },
      async (request) => procedureView(await procedures.get(principalOf(request), request.params.id)),
    );

    app.put(
      '/services/manage/items/:id/procedure',
      { schema: { tags, summary: '设置事项办理规则（带版本号）', params: IdParams, body: ProcedureBody, response: { 200: ProcedureResponse } }, config: { access: P.itemManage } },
      async (request) => procedureView(await procedures.set(principalOf(request), request.params.id, request.body as ProcedureInput & { version: number })),
    );
  };
}

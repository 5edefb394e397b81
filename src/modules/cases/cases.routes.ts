import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, type Principal } from '../../kernel/auth/index.js';
import type { CaseEventRecord, CaseRecord } from './case.repository.js';
import type { CategoryRecord } from './category.repository.js';
import { CasesPermissions as P } from './cases.permissions.js';
import {
  ActBody,
  CallbackBody,
  Case,
  CaseDetail,
  CasePage,
  CategoryList,
  Category,
  CitizenIntakeBody,
  CitizenReceipt,
  CodeParams,
  DispatchBody,
  IdParams,
  InboxQuery,
  NoteBody,
  QueueQuery,
  ResponsibilityBody,
  ReturnBody,
  StaffIntakeBody,
} from './cases.schemas.js';
import type { CasesService } from './cases.service.js';
import { coordinationRoutes, coordinationView, supervisionView } from './coordination.routes.js';

const tags = ['cases'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function caseView(service: CasesService, principal: Principal | null, c: CaseRecord) {
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    type: c.type,
    categoryCode: c.categoryCode,
    categoryName: c.categoryName,
    suggestion: c.suggestion,
    description: c.description,
    address: c.address,
    point: c.point,
    divisionCode: c.divisionCode,
    gridCode: c.gridCode,
    reporter: { name: c.reporter.name, phone: service.reporterPhone(principal, c) },
    urgency: c.urgency,
    status: c.status,
    organisation: c.organisation,
    limitHours: c.limitHours,
    limitDays: c.limitDays,
    deadlineAt: iso(c.deadlineAt),
    dueOn: c.dueOn,
    warning: c.warning,
    satisfaction: c.satisfaction,
    returnCount: c.returnCount,
    reopenCount: c.reopenCount,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    closedAt: iso(c.closedAt),
    sourceRef: c.sourceRef,
  };
}

const timelineView = (e: CaseEventRecord) => ({
  action: e.action,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  actorName: e.actorName,
  orgName: e.orgName,
  comment: e.comment,
  details: e.details,
  createdAt: e.createdAt.toISOString(),
});

const categoryView = (c: CategoryRecord) => ({ ...c, responsibility: { ...c.responsibility, updatedAt: c.responsibility.updatedAt.toISOString() } });

/** `/cases…`: intake from every channel, the dispatcher queue, the handler inbox, the closed loop and the responsibility list. */
export function casesRoutes(service: CasesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const view = (principal: Principal | null, c: CaseRecord) => caseView(service, principal, c);

    app.post('/cases/hotline', { schema: { tags, summary: '12345 热线受理（话务员录入）', body: StaffIntakeBody, response: { 201: Case } }, config: { access: P.intake } }, async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(view(principal, await service.staffIntake(principal, 'hotline', request.body)));
    });
    app.post('/cases/grid-reports', { schema: { tags, summary: '网格员巡查上报', body: StaffIntakeBody, response: { 201: Case } }, config: { access: P.intake } }, async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(view(principal, await service.staffIntake(principal, 'grid', request.body)));
    });
    app.post('/cases/citizen', { schema: { tags, summary: '群众网上诉求（公开）', body: CitizenIntakeBody, response: { 201: CitizenReceipt } }, config: { access: 'public' } }, async (request, reply) => {
      const created = await service.citizenIntake(request.body);
      return reply.status(201).send({ id: created.id, number: created.number, status: created.status });
    });

    app.get('/cases', { schema: { tags, summary: '案件列表（派单员工作台）：本辖区案件，分页，按状态/类别/承办单位/预警筛选', querystring: QueueQuery, response: { 200: CasePage } }, config: { access: P.read } }, async (request) => {
      const principal = principalOf(request);
      const { page, pageSize } = request.query;
      const result = await service.queue(principal, request.query);
      const flags = await service.supervisionOf(result.items.map((c) => c.id));
      const now = new Date();
      return { items: result.items.map((c) => ({ ...view(principal, c), supervision: supervisionView(flags.get(c.id), now) })), total: result.total, page, pageSize };
    });
    app.get('/cases/inbox', { schema: { tags, summary: '承办人待办：派遣给本单位、尚未反馈的案件', querystring: InboxQuery, response: { 200: CasePage } }, config: { access: P.handle } }, async (request) => {
      const principal = principalOf(request);
      const { page, pageSize } = request.query;
      const result = await service.inbox(principal, request.query);
      return { items: result.items.map((c) => view(principal, c)), total: result.total, page, pageSize };
    });
    app.get('/cases/categories', { schema: { tags, summary: '案件类别与权责清单', response: { 200: CategoryList } }, config: { access: P.read } }, async () => ({
      items: (await service.listCategories()).map(categoryView),
    }));
    app.patch(
      '/cases/categories/:code/responsibility',
      { schema: { tags, summary: '修改权责清单（责任单位、时限）', params: CodeParams, body: ResponsibilityBody, response: { 200: Category } }, config: { access: P.responsibilityManage } },
      async (request) => categoryView(await service.updateResponsibility(principalOf(request), request.params.code, request.body)),
    );
    app.get('/cases/:id', { schema: { tags, summary: '案件详情与办理时间线', params: IdParams, response: { 200: CaseDetail } }, config: { access: P.read } }, async (request) => {
      const principal = principalOf(request);
      const detail = await service.detail(principal, request.params.id);
      // A case waiting for the dispatcher shows the classifier's top suggestions.
      const suggestions = detail.case.status === 'accepted' ? await service.classification.suggestions(detail.case.description) : [];
      return { case: view(principal, detail.case), timeline: detail.timeline.map(timelineView), coordination: await coordinationView(service, detail.case, new Date()), suggestions };
    });

    const act = <B>(path: string, summary: string, access: string, body: B, run: (principal: Principal, id: string, input: never) => Promise<CaseRecord>) =>
      app.post(path, { schema: { tags, summary, params: IdParams, body: body as typeof ActBody, response: { 200: Case } }, config: { access } }, async (request) => {
        const principal = principalOf(request);
        return view(principal, await run(principal, request.params.id, request.body as never));
      });

    act('/cases/:id/dispatch', '派遣（默认按权责清单确定承办单位）', P.dispatch, DispatchBody, service.dispatch);
    act('/cases/:id/sign', '签收', P.handle, ActBody, service.sign);
    act('/cases/:id/handle', '处置（办理进展）', P.handle, NoteBody, service.handle);
    act('/cases/:id/reply', '反馈办理结果', P.handle, NoteBody, service.reply);
    act('/cases/:id/return', '退回派单员（须说明理由）', P.handle, ReturnBody, service.return);
    act('/cases/:id/callback', '回访（满意度）', P.dispatch, CallbackBody, service.callback);
    act('/cases/:id/close', '结案', P.dispatch, ActBody, service.close);
    act('/cases/:id/reopen', '重办（回访不满意）', P.dispatch, ActBody, service.reopen);

    await app.register(coordinationRoutes(service, view));
  };
}

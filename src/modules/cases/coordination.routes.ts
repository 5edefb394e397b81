import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, type Principal } from '../../kernel/auth/index.js';
import type { CaseRecord } from './case.repository.js';
import { CasesPermissions as P } from './cases.permissions.js';
import { Case, CasePage, IdParams } from './cases.schemas.js';
import type { CasesService } from './cases.service.js';
import { EscalateBody, HotspotQuery, Hotspots, MergeBody, ReportInBody, SummonBody, SuperviseBody } from './coordination.schemas.js';
import type { SupervisionRow } from './coordination.repository.js';
import { Type, type Static } from '@sinclair/typebox';

const tags = ['cases'];
type View = (principal: Principal, c: CaseRecord) => Static<typeof Case>;

/** The 督办 flag of a queue row: the note, due time and whether it has passed. */
export function supervisionView(s: SupervisionRow | undefined, now: Date) {
  if (!s) {
    return null;
  }
  return {
    note: s.note,
    dueAt: s.dueAt ? s.dueAt.toISOString() : null,
    times: s.times,
    supervisorName: s.supervisorName,
    supervisedAt: s.supervisedAt.toISOString(),
    overdue: s.dueAt !== null && s.dueAt.getTime() < now.getTime(),
  };
}

/** What the detail shows beside a case; reporters' phones masked. */
export async function coordinationView(service: CasesService, c: CaseRecord, now: Date) {
  const x = await service.coordinationOf(c);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    duplicates: x.duplicates,
    mergedInto: x.mergedInto,
    mergedCases: x.mergedCases,
    reporters: x.reporters.map((r) => ({ fromCaseId: r.fromCaseId, fromNumber: r.fromNumber, name: r.name, phone: r.phoneMasked, informedReplyAt: iso(r.informedReplyAt), informedCloseAt: iso(r.informedCloseAt) })),
    level: x.level,
    summons: x.summons.map((s) => ({ organisationCode: s.orgCode, organisationName: s.orgName, note: s.note, summonedAt: s.summonedAt.toISOString(), reportedAt: iso(s.reportedAt), reportNote: s.reportNote })),
    supervision: supervisionView(x.supervision ?? undefined, now),
  };
}

/** Merge, hot spots, escalation, 吹哨报到 and 督办. */
export function coordinationRoutes(service: CasesService, view: View): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/cases/hotspots', { schema: { tags, summary: '热点：近 7/30 天各网格（或点位网格）各类别案件数，超过阈值者标红', querystring: HotspotQuery, response: { 200: Hotspots } }, config: { access: P.read } }, async (request) =>
      service.hotspots(principalOf(request), { window: request.query.window, categoryCode: request.query.category }),
    );
    app.get(
      '/cases/supervision',
      {
        schema: { tags, summary: '督办台：本辖区被督办、未结案的案件', querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }), response: { 200: CasePage } },
        config: { access: P.read },
      },
      async (request) => {
        const principal = principalOf(request);
        const { page, pageSize } = request.query;
        const result = await service.supervisionBoard(principal, { page, pageSize });
        const flags = await service.supervisionOf(result.items.map((c) => c.id));
        const now = new Date();
        return { items: result.items.map((c) => ({ ...view(principal, c), supervision: supervisionView(flags.get(c.id), now) })), total: result.total, page, pageSize };
      },
    );

    const act = <B>(path: string, summary: string, access: string, body: B, run: (principal: Principal, id: string, input: never) => Promise<CaseRecord>) =>
      app.post(path, { schema: { tags, summary, params: IdParams, body: body as typeof MergeBody, response: { 200: Case } }, config: { access } }, async (request) => {
        const principal = principalOf(request);
        return view(principal, await run(principal, request.params.id, request.body as never));
      });
    act('/cases/:id/merge', '合并重复案件到主案件（重复件以“已合并”结案，反映人并入主案件）', P.dispatch, MergeBody, service.merge);
    act('/cases/:id/escalate', '上报：网格 → 社区 → 街道 → 区 → 市', P.read, EscalateBody, service.escalate);
    act('/cases/:id/summon', '吹哨：街道召集职能部门协同办理', P.read, SummonBody, service.summon);
    act('/cases/:id/report-in', '报到：被召集部门响应吹哨', P.handle, ReportInBody, service.reportIn);
    act('/cases/:id/supervise', '督办（市指挥中心）', P.dispatch, SuperviseBody, service.supervise);
  };
}

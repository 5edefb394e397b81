import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Nullable } from '../../kernel/http/index.js';
import { withActorNames } from '../../kernel/audit/index.js';
import { hasPermission, principalOf } from '../../kernel/auth/index.js';
import type { OrgService } from '../org/index.js';


/** What the home page reads: the org module's service and the audit log, through their public surfaces. */
export interface HomeSources {
  org: Pick<OrgService, 'divisionPath' | 'countDivisions' | 'countOrganisations' | 'countUsers' | 'listRoles' | 'actorNames'>;
  countApiKeys(): Promise<number>;
  audit: {
    count(): Promise<number>;
    list(query: { page: number; pageSize: number }): Promise<{
      items: Array<{ seq: number | string; at: Date | string; actor: string | null; action: string; target: string | null }>;
    }>;
  };
}

const Home = Type.Object({
  city: Type.Object({ code: Type.String(), name: Type.String() }),
  figures: Type.Array(Type.Object({ key: Type.String(), value: Type.Number() })),
  recentAudit: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      actor: Nullable(Type.String()),
      actorName: Nullable(Type.String()),
      action: Type.String(),
      target: Nullable(Type.String()),
    }),
  ),
  generatedAt: Type.String(),
});

/** The console's home page: live counts within the caller's region. */
export function homeRoutes(sources: HomeSources): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/home',
      { schema: { tags: ['dashboard'], summary: '首页概览（本辖区实时数字）', response: { 200: Home } }, config: { access: 'authenticated' } },
      async (request) => {
        const principal = principalOf(request);
        const [divisionPath, divisions, organisations, users, roles, apiKeys, auditRecords] = await Promise.all([
          sources.org.divisionPath(principal.divisionCode),
          sources.org.countDivisions(principal),
          sources.org.countOrganisations(principal),
          sources.org.countUsers(principal),
          sources.org.listRoles(),
          sources.countApiKeys(),
          sources.audit.count(),
        ]);
        // The city is the prefecture on the principal's path (a county user still sees its city's name).
        const city = divisionPath.find((d) => d.level === 'prefecture') ?? divisionPath.at(-1);
        const canSeeAudit = hasPermission(principal, 'audit.read');
        const recent = canSeeAudit ? await withActorNames((await sources.audit.list({ page: 1, pageSize: 8 })).items, sources.org.actorNames) : [];
        return {
          city: { code: city?.code ?? principal.divisionCode, name: city?.name ?? '' },
          figures: [
            { key: 'counties', value: divisions.county },
            { key: 'townships', value: divisions.township },
            { key: 'organisations', value: organisations.government + organisations.department + organisations.enterprise + organisations.other },
            { key: 'departments', value: organisations.department },
            { key: 'users', value: users },
            { key: 'roles', value: roles.length },
            { key: 'apiKeys', value: apiKeys },
            ...(canSeeAudit ? [{ key: 'auditRecords', value: auditRecords }] : []),
          ],
          recentAudit: recent.map((r) => ({
            seq: Number(r.seq),
            at: new Date(r.at).toISOString(),
            actor: r.actor,
            actorName: r.actorName,
            action: r.action,
            target: r.target,
          })),
          generatedAt: new Date().toISOString(),
        };
      },
    );
  };
}

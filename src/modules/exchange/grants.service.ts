import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import { actorOf, canDecide, isAdmin, NO_ORGANISATION } from './exchange.access.js';
import { addDays, daysBetween, shanghaiDay } from './exchange.dates.js';
import { GrantNotFound, InvalidRequest, InvalidTransition, NotApprover } from './exchange.errors.js';
import { ExchangePermissions as P } from './exchange.permissions.js';
import type { AuditAppender } from './exchange.ports.js';
import { createExchangeRepository, type GrantRow } from './exchange.repository.js';
import type { GrantCache } from './grant-cache.js';

/** Grants (平台授权) as their holders and owners see them: lists, revocation, expiry, usage. */
export function createGrantService(deps: { db: Db; audit: AuditAppender; grants: GrantCache }) {
  const { db, audit, grants } = deps;
  const repo = createExchangeRepository(db);

  async function visibleGrant(principal: Principal, id: string): Promise<GrantRow> {
    const grant = await repo.getGrant(id);
    if (!grant || !(principal.organisationId === grant.consumer_org_id || canDecide(principal, grant.owner_org_id))) {
      throw GrantNotFound();
    }
    return grant;
  }

  return {
    /** `consumer`: grants my organisation holds; `owner`: grants on my organisation's resources. */
    listGrants(principal: Principal, side: 'consumer' | 'owner') {
      if (side === 'owner') {
        if (!hasPermission(principal, P.approve)) {
          throw NotApprover();
        }
        return repo.listGrants(isAdmin(principal) && !principal.organisationId ? {} : { ownerOrgId: principal.organisationId ?? NO_ORGANISATION });
      }
      return principal.organisationId ? repo.listGrants({ consumerOrgId: principal.organisationId }) : Promise.resolve([]);
    },

    getGrant: visibleGrant,

    /** Revokes an active grant; the next gateway call under it is refused. */
    async revoke(principal: Principal, id: string, reason: string): Promise<GrantRow> {
      const grant = await visibleGrant(principal, id);
      if (!canDecide(principal, grant.owner_org_id)) {
        throw NotApprover();
      }
      await db.transaction().execute(async (trx) => {
        if (!(await createExchangeRepository(trx).revokeGrant(id, principal.id, reason.trim()))) {
          throw InvalidTransition({ status: grant.status });
        }
        await audit.append(trx, { actor: actorOf(principal), action: 'exchange.grant.revoke', target: `exchange_grant:${id}`, details: { reason: reason.trim() } });
      });
      grants.forgetGrant(id);
      return (await repo.getGrant(id))!;
    },

    /** Marks grants past their last day as expired (the gateway also checks the date itself). */
    async expireGrants(): Promise<number> {
      const expired = await db.transaction().execute(async (trx) => {
        const ids = await createExchangeRepository(trx).expireGrants(shanghaiDay());
        if (ids.length > 0) {
          await audit.append(trx, { actor: 'system:exchange', action: 'exchange.grant.expire', target: null, details: { grants: ids } });
        }
        return ids.length;
      });
      if (expired > 0) {
        grants.clear();
      }
      return expired;
    },

    /** Usage of the owner's (or the consumer's) grants: one point per day, totals per consumer and per resource. */
    async usage(principal: Principal, filter: { resourceId?: string | undefined; from?: string | undefined; to?: string | undefined; side?: 'owner' | 'consumer' | undefined }) {
      const to = filter.to ?? shanghaiDay();
      const from = filter.from ?? addDays(to, -29);
      if (from > to || daysBetween(from, to) > 366) {
        throw InvalidRequest({ problems: ['from/to: from must not be after to, at most 366 days'] });
      }
      const side = filter.side ?? 'owner';
      if (side === 'owner' && !hasPermission(principal, P.approve)) {
        throw NotApprover();
      }
      const org = principal.organisationId ?? NO_ORGANISATION;
      const everything = isAdmin(principal) && !principal.organisationId;
      const rows = await repo.usage({
        from,
        to,
        ...(filter.resourceId ? { resourceId: filter.resourceId } : {}),
        ...(everything ? {} : side === 'owner' ? { ownerOrgId: org } : { consumerOrgId: org }),
      });
      const byDay = new Map<string, { calls: number; refused: number }>();
      const byConsumer = new Map<string, { consumerOrgId: string; consumerOrgName: string; calls: number; refused: number }>();
      const byResource = new Map<string, { resourceId: string; resourceName: string; calls: number; refused: number }>();
      for (const row of rows) {
        const day = byDay.get(row.day) ?? { calls: 0, refused: 0 };
        day.calls += row.calls;
        day.refused += row.refused;
        byDay.set(row.day, day);
        const consumer = byConsumer.get(row.consumerOrgId) ?? { consumerOrgId: row.consumerOrgId, consumerOrgName: row.consumerOrgName, calls: 0, refused: 0 };
        consumer.calls += row.calls;
        consumer.refused += row.refused;
        byConsumer.set(row.consumerOrgId, consumer);
        const resource = byResource.get(row.resourceId) ?? { resourceId: row.resourceId, resourceName: row.resourceName, calls: 0, refused: 0 };
        resource.calls += row.calls;
        resource.refused += row.refused;
        byResource.set(row.resourceId, resource);
      }
      const series = [];
      for (let day = from; day <= to; day = addDays(day, 1)) {
        series.push({ day, ...(byDay.get(day) ?? { calls: 0, refused: 0 }) });
      }
      const byCalls = (a: { calls: number }, b: { calls: number }) => b.calls - a.calls;
      return { from, to, series, consumers: [...byConsumer.values()].sort(byCalls), resources: [...byResource.values()].sort(byCalls) };
    },
  };
}

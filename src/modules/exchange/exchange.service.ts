import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import { divisionPrefix } from '../../kernel/identifiers/index.js';
import { addDays, daysBetween, shanghaiDay } from './exchange.dates.js';
import {
  GrantNotFound,
  InvalidRequest,
  InvalidTransition,
  NoOrganisation,
  NotApprover,
  NotNarrower,
  NotRequester,
  OwnRequest,
  RequestNotFound,
  ResourceNotShareable,
  ResourceUnknown,
  VersionConflict,
} from './exchange.errors.js';
import { ExchangePermissions as P } from './exchange.permissions.js';
import type { GrantCache } from './grant-cache.js';
import { createExchangeRepository, type GrantRow, type RequestRow } from './exchange.repository.js';

/** What the exchange needs of the audit log (the kernel's AuditLog fits). */
export interface AuditEntryInput {
  actor: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The kernel audit log's appenders (`createAuditLog` fits). */
export interface AuditAppender {
  append(executor: Executor, entry: AuditEntryInput): Promise<unknown>;
  appendMany(executor: Executor, entries: readonly AuditEntryInput[]): Promise<unknown>;
}

/** What the exchange needs to know of a catalog resource. */
export interface CatalogResource {
  id: string;
  code: string;
  name: string;
  status: string;
  shareAttribute: string;
  grade: string;
  owner: { id: string; name: string; divisionCode: string };
  fields: Array<{ name: string; label: string; type: string; sensitivity: 'general' | 'important' | 'core' }>;
}

export interface CatalogLookup {
  getResource(idOrCode: string): Promise<CatalogResource | undefined>;
}

export interface OrganisationLookup {
  getOrganisation(principal: Principal, id: string): Promise<{ id: string; name: string; divisionCode: string }>;
}

export interface RequestInput {
  resourceId: string;
  purpose: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  clearTextReason?: string | null | undefined;
}

export interface Decision {
  version: number;
  fields?: string[] | undefined;
  validTo?: string | undefined;
  ratePerMinute?: number | undefined;
  clearText?: boolean | undefined;
  reason?: string | undefined;
}

/** The longest period a grant may run. */
export const MAX_PERIOD_DAYS = 3 * 366;

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
const isAdmin = (p: Principal) => p.permissions.has('*');

/**
 * Access requests and grants (统一受理、平台授权): a consumer's user asks, the owner's
 * steward decides, a grant is issued; every transition audited in its transaction.
 */
export function createExchangeService(deps: { db: Db; audit: AuditAppender; catalog: CatalogLookup; org: OrganisationLookup; grants: GrantCache }) {
  const { db, audit, catalog, grants } = deps;
  const repo = createExchangeRepository(db);

  const canDecide = (p: Principal, ownerOrgId: string) => hasPermission(p, P.approve) && (isAdmin(p) || p.organisationId === ownerOrgId);
  const isRequester = (p: Principal, row: RequestRow) => p.organisationId === row.consumer_org_id;

  async function visibleRequest(principal: Principal, id: string): Promise<RequestRow> {
    const row = await repo.getRequest(id);
    if (!row || !(isRequester(principal, row) || canDecide(principal, row.owner_org_id))) {
      throw RequestNotFound();
    }
    return row;
  }

  async function visibleGrant(principal: Principal, id: string): Promise<GrantRow> {
    const grant = await repo.getGrant(id);
    if (!grant || !(principal.organisationId === grant.consumer_org_id || canDecide(principal, grant.owner_org_id))) {
      throw GrantNotFound();
    }
    return grant;
  }

  async function decidable(principal: Principal, id: string, version: number): Promise<RequestRow> {
    const row = await visibleRequest(principal, id);
    if (!canDecide(principal, row.owner_org_id)) {
      throw NotApprover();
    }
    if (row.version !== version) {
      throw VersionConflict({ current: row.version });
    }
    if (row.status !== 'pending') {
      throw InvalidTransition({ status: row.status });
    }
    return row;
  }

  async function transition(row: RequestRow, principal: Principal, status: RequestRow['status'], reason: string | null, then?: (trx: Executor) => Promise<Record<string, unknown>>) {
    return db.transaction().execute(async (trx) => {
      const moved = await createExchangeRepository(trx).decideRequest(row.id, row.version, { status, decidedBy: principal.kind === 'user' ? principal.id : null, reason });
      if (!moved) {
        throw VersionConflict();
      }
      const extra = then ? await then(trx) : {};
      await audit.append(trx, { actor: actorOf(principal), action: `exchange.request.${status}`, target: `exchange_request:${row.id}`, details: { from: row.status, reason, ...extra } });
    });
  }

  return {
    /** Files a request of the caller's organisation for a shareable catalog resource. */
    async createRequest(principal: Principal, input: RequestInput): Promise<RequestRow> {
      if (!principal.organisationId || principal.kind !== 'user') {
        throw NoOrganisation();
      }
      const resource = await catalog.getResource(input.resourceId);
      if (!resource || resource.status === 'draft') {
        throw ResourceUnknown();
      }
      if (resource.shareAttribute === 'none' || resource.status !== 'published') {
        throw ResourceNotShareable({ shareAttribute: resource.shareAttribute, status: resource.status });
      }
      if (resource.owner.id === principal.organisationId) {
        throw OwnRequest();
      }
      const known = new Set(resource.fields.map((f) => f.name));
      const fields = [...new Set(input.fields)];
      const unknown = fields.filter((f) => !known.has(f));
      const today = shanghaiDay();
      const problems = [
        ...(fields.length === 0 ? ['fields: at least one'] : []),
        ...unknown.map((f) => `fields: ${f} is not a field of the resource`),
        ...(input.purpose.trim() === '' ? ['purpose: required'] : []),
        ...(input.validTo < input.validFrom ? ['validTo: before validFrom'] : []),
        ...(input.validTo < today ? ['validTo: in the past'] : []),
        ...(daysBetween(input.validFrom, input.validTo) > MAX_PERIOD_DAYS ? [`period: at most ${MAX_PERIOD_DAYS} days`] : []),
        ...(input.clearText && !input.clearTextReason?.trim() ? ['clearTextReason: required for clear text'] : []),
      ];
      if (problems.length > 0) {
        throw InvalidRequest({ problems });
      }
      const consumer = await deps.org.getOrganisation(principal, principal.organisationId);
      const ordered = resource.fields.map((f) => f.name).filter((name) => fields.includes(name));
      const id = await db.transaction().execute(async (trx) => {
        const created = await createExchangeRepository(trx).insertRequest({
          resource_id: resource.id,
          resource_code: resource.code,
          resource_name: resource.name,
          owner_org_id: resource.owner.id,
          owner_org_name: resource.owner.name,
          consumer_org_id: consumer.id,
          consumer_org_name: consumer.name,
          consumer_division: consumer.divisionCode,
          requested_by: principal.id,
          purpose: input.purpose.trim(),
          fields: ordered,
          valid_from: input.validFrom,
          valid_to: input.validTo,
          rate_per_minute: input.ratePerMinute,
          clear_text: input.clearText,
          clear_text_reason: input.clearText ? input.clearTextReason!.trim() : null,
        });
        await audit.append(trx, {
          actor: actorOf(principal),
          action: 'exchange.request.create',
          target: `exchange_request:${created}`,
          details: { resource: resource.code, fields: ordered, validFrom: input.validFrom, validTo: input.validTo, rate: input.ratePerMinute, clearText: input.clearText },
        });
        return created;
      });
      return (await repo.getRequest(id))!;
    },

    getRequest: visibleRequest,

    /** `outbox`: my organisation's requests; `inbox`: requests for my organisation's resources. */
    listRequests(principal: Principal, filter: { box: 'inbox' | 'outbox'; status?: RequestRow['status']; page: number; pageSize: number }) {
      const paging = { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize, ...(filter.status ? { status: filter.status } : {}) };
      if (filter.box === 'inbox') {
        if (!hasPermission(principal, P.approve)) {
          throw NotApprover();
        }
        return repo.listRequests(isAdmin(principal) && !principal.organisationId ? paging : { ...paging, ownerOrgId: principal.organisationId ?? '00000000-0000-0000-0000-000000000000' });
      }
      if (!principal.organisationId) {
        return Promise.resolve([]);
      }
      return repo.listRequests({ ...paging, consumerOrgId: principal.organisationId });
    },

    /**
     * Approves a pending request as asked (`approved`) or narrower (`narrowed`: fewer
     * fields, an earlier end, a lower rate, no clear text) and issues the grant.
     */
    async approve(principal: Principal, id: string, decision: Decision): Promise<{ request: RequestRow; grant: GrantRow }> {
      const row = await decidable(principal, id, decision.version);
      const fields = decision.fields ? row.fields.filter((f) => decision.fields!.includes(f)) : row.fields;
      const validTo = decision.validTo ?? row.valid_to;
      const rate = decision.ratePerMinute ?? row.rate_per_minute;
      const clearText = decision.clearText ?? row.clear_text;
      const wider = [
        ...(decision.fields && (fields.length !== new Set(decision.fields).size || fields.length === 0) ? ['fields'] : []),
        ...(validTo > row.valid_to || validTo < row.valid_from ? ['validTo'] : []),
        ...(rate > row.rate_per_minute ? ['ratePerMinute'] : []),
        ...(clearText && !row.clear_text ? ['clearText'] : []),
      ];
      if (wider.length > 0) {
        throw NotNarrower({ fields: wider });
      }
      const narrowed = fields.length < row.fields.length || validTo < row.valid_to || rate < row.rate_per_minute || clearText !== row.clear_text;
      let grantId = '';
      await transition(row, principal, narrowed ? 'narrowed' : 'approved', decision.reason?.trim() || null, async (trx) => {
        grantId = await createExchangeRepository(trx).insertGrant({
          request_id: row.id,
          resource_id: row.resource_id,
          resource_code: row.resource_code,
          resource_name: row.resource_name,
          owner_org_id: row.owner_org_id,
          consumer_org_id: row.consumer_org_id,
          consumer_org_name: row.consumer_org_name,
          region_prefix: divisionPrefix(row.consumer_division),
          purpose: row.purpose,
          fields,
          valid_from: row.valid_from,
          valid_to: validTo,
          rate_per_minute: rate,
          clear_text: clearText,
        });
        return { grant: grantId, fields, validTo, rate, clearText };
      });
      grants.forgetPair(row.consumer_org_id, row.resource_id);
      return { request: (await repo.getRequest(id))!, grant: (await repo.getGrant(grantId))! };
    },

    async reject(principal: Principal, id: string, decision: { version: number; reason: string }): Promise<RequestRow> {
      const row = await decidable(principal, id, decision.version);
      await transition(row, principal, 'rejected', decision.reason.trim());
      return (await repo.getRequest(id))!;
    },

    async withdraw(principal: Principal, id: string, version: number): Promise<RequestRow> {
      const row = await visibleRequest(principal, id);
      if (!isRequester(principal, row) || !hasPermission(principal, P.request)) {
        throw NotRequester();
      }
      if (row.version !== version) {
        throw VersionConflict({ current: row.version });
      }
      if (row.status !== 'pending') {
        throw InvalidTransition({ status: row.status });
      }
      await transition(row, principal, 'withdrawn', null);
      return (await repo.getRequest(id))!;
    },

    /** `consumer`: grants my organisation holds; `owner`: grants on my organisation's resources. */
    listGrants(principal: Principal, side: 'consumer' | 'owner') {
      if (side === 'owner') {
        if (!hasPermission(principal, P.approve)) {
          throw NotApprover();
        }
        return repo.listGrants(isAdmin(principal) && !principal.organisationId ? {} : { ownerOrgId: principal.organisationId ?? '00000000-0000-0000-0000-000000000000' });
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
      const org = principal.organisationId ?? '00000000-0000-0000-0000-000000000000';
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

export type ExchangeService = ReturnType<typeof createExchangeService>;

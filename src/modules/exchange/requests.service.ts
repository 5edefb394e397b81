import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import { divisionPrefix } from '../../kernel/identifiers/index.js';
import { actorOf, canDecide, isAdmin, NO_ORGANISATION } from './exchange.access.js';
import { daysBetween, shanghaiDay } from './exchange.dates.js';
import {
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
import type { AuditAppender, CatalogLookup, OrganisationLookup } from './exchange.ports.js';
import { createExchangeRepository, type GrantRow, type RequestRow } from './exchange.repository.js';
import type { GrantCache } from './grant-cache.js';

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

/**
 * Access requests (统一受理): a consumer's user asks, the owner's steward approves (the
 * grant is issued), narrows or rejects; every transition audited in its transaction.
 */
export function createRequestService(deps: { db: Db; audit: AuditAppender; catalog: CatalogLookup; org: OrganisationLookup; grants: GrantCache }) {
  const { db, audit, catalog, grants } = deps;
  const repo = createExchangeRepository(db);
  const isRequester = (p: Principal, row: RequestRow) => p.organisationId === row.consumer_org_id;

  async function visibleRequest(principal: Principal, id: string): Promise<RequestRow> {
    const row = await repo.getRequest(id);
    if (!row || !(isRequester(principal, row) || canDecide(principal, row.owner_org_id))) {
      throw RequestNotFound();
    }
    return row;
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
        return repo.listRequests(isAdmin(principal) && !principal.organisationId ? paging : { ...paging, ownerOrgId: principal.organisationId ?? NO_ORGANISATION });
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
  };
}

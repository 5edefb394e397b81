import type { Db } from '../../kernel/db/index.js';
import type { AuditAppender, CatalogLookup, OrganisationLookup } from './exchange.ports.js';
import type { GrantCache } from './grant-cache.js';
import { createGrantService } from './grants.service.js';
import { createRequestService } from './requests.service.js';

export type { AuditAppender, AuditEntryInput, CatalogLookup, CatalogResource, OrganisationLookup } from './exchange.ports.js';
export { MAX_PERIOD_DAYS, type Decision, type RequestInput } from './requests.service.js';
export { actorOf } from './exchange.access.js';

/** Access requests and grants (统一受理、平台授权), one service for the routes. */
export function createExchangeService(deps: { db: Db; audit: AuditAppender; catalog: CatalogLookup; org: OrganisationLookup; grants: GrantCache }) {
  return { ...createRequestService(deps), ...createGrantService(deps) };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

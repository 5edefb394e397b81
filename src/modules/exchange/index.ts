import type { Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { seedDemoExchange } from './exchange.demo.js';
import { exchangeRoutes } from './exchange.routes.js';
import { createExchangeService, type AuditAppender, type CatalogLookup, type ExchangeService, type OrganisationLookup } from './exchange.service.js';
import { createGateway, type Gateway, type RegistryLookups } from './gateway.service.js';
import { gatewayRoutes } from './gateway.routes.js';
import { createGrantCache } from './grant-cache.js';

export { ExchangePermissions } from './exchange.permissions.js';
export { maskAddress, maskDate, maskName, maskPhone, project } from './exchange.masking.js';
export type { ExchangeService, CatalogLookup, CatalogResource, OrganisationLookup, RequestInput, Decision } from './exchange.service.js';
export type { Gateway, RegistryLookups, CallContext } from './gateway.service.js';

export interface ExchangeModule extends ModuleRoutes {
  readonly service: ExchangeService;
  readonly gateway: Gateway;
  /** Marks grants past their last day as expired; run by the `exchange.grants.expire` job. */
  expireGrants(): Promise<number>;
  /**
   * The demo city's requests in every state (pending, approved with metered calls,
   * rejected), filed and decided as the demo users found by `userPrincipal`. Idempotent;
   * needs the demo organisations, users and registry resources.
   */
  seedDemo(userPrincipal: (username: string) => Promise<Principal | null>): Promise<{ requests: number }>;
}

/**
 * Sharing & exchange (共享交换): access requests, grants, the gateway with masking, metering.
 * Wire by hand: `createExchangeModule({ db, audit, catalog, org, registry, resourceCodes, subjectKey })`.
 */
export function createExchangeModule(deps: {
  db: Db;
  audit: AuditAppender;
  catalog: CatalogLookup;
  org: OrganisationLookup;
  registry: RegistryLookups;
  resourceCodes: { persons: string; entities: string };
  subjectKey: Buffer;
}): ExchangeModule {
  const grants = createGrantCache();
  const service = createExchangeService({ ...deps, grants });
  const gateway = createGateway({ ...deps, grants });
  const routes = exchangeRoutes(service);
  const gatewayPlugin = gatewayRoutes(gateway);
  return {
    name: 'exchange',
    service,
    gateway,
    expireGrants: service.expireGrants,
    seedDemo: (userPrincipal) => seedDemoExchange({ ...deps, service }, userPrincipal),
    routes: async (app) => {
      await app.register(routes);
      await app.register(gatewayPlugin);
    },
  };
}

import { createTtlCache } from '../../kernel/cache/index.js';
import type { GrantRow } from './exchange.repository.js';

/**
 * The gateway reads the grant of (consumer, resource) at every call. A department system
 * calls many times a second, so the row is kept for a second at most; approving, revoking
 * or expiring a grant forgets it at once on this node, and other nodes follow within
 * {@link GRANT_CACHE_MS}.
 */
export const GRANT_CACHE_MS = 1_000;

export interface GrantCache {
  get(consumerOrgId: string, resourceId: string): GrantRow | undefined;
  set(consumerOrgId: string, resourceId: string, grant: GrantRow): void;
  /** After a new grant for the pair. */
  forgetPair(consumerOrgId: string, resourceId: string): void;
  /** After a revocation. */
  forgetGrant(grantId: string): void;
  clear(): void;
}

export function createGrantCache(): GrantCache {
  const cache = createTtlCache<string, GrantRow>({ ttlMs: GRANT_CACHE_MS });
  const key = (consumerOrgId: string, resourceId: string) => `${consumerOrgId} ${resourceId}`;
  return {
    get: (consumerOrgId, resourceId) => cache.get(key(consumerOrgId, resourceId)),
    set: (consumerOrgId, resourceId, grant) => cache.set(key(consumerOrgId, resourceId), grant),
    forgetPair: (consumerOrgId, resourceId) => cache.delete(key(consumerOrgId, resourceId)),
    forgetGrant: (grantId) => cache.deleteWhere((grant) => grant.id === grantId),
    clear: () => cache.clear(),
  };
}

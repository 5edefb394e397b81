import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { Resource, ResourceOwner } from './catalog.model.js';

/** Permissions the catalog checks (added to the built-in roles in the org module). */
export const CatalogPermissions = {
  read: 'catalog.read',
  manage: 'catalog.manage',
} as const;

/**
 * Who sees a resource: it is a catalog, so anything published (or retired) is visible to
 * every reader on the platform; a draft only inside its owner's region, i.e. to
 * principals whose division contains the owner's division.
 */
export function canSee(principal: Principal, resource: Pick<Resource, 'status' | 'owner'>): boolean {
  return resource.status !== 'draft' || resource.owner.divisionCode.startsWith(regionPrefix(principal));
}

/**
 * Who writes a resource: a holder of `catalog.manage` (the data steward) only for
 * resources of their own organisation; a platform administrator (`*`) for any
 * organisation in their region.
 */
export function canManage(principal: Principal, owner: Pick<ResourceOwner, 'id' | 'divisionCode'>): boolean {
  if (!hasPermission(principal, CatalogPermissions.manage)) {
    return false;
  }
  if (principal.permissions.has('*')) {
    return owner.divisionCode.startsWith(regionPrefix(principal));
  }
  return principal.organisationId !== null && principal.organisationId === owner.id;
}

/** The audit actor of a principal: `user:<id>` or `apikey:<id>`. */
export const actorOf = (principal: Principal): string => `${principal.kind === 'user' ? 'user' : 'apikey'}:${principal.id}`;

import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';

/** Permissions the open-data module checks (added to the built-in roles in the org module). */
export const OpendataPermissions = {
  /** See the portal's console figures: freshness and use of every dataset in one's region. */
  read: 'opendata.read',
  /** Publish, update and unpublish the datasets of one's organisation; decide its applications. */
  manage: 'opendata.manage',
  /**
   * Read the rows of conditional-open datasets. Only API keys issued for approved
   * applications carry it, and each reaches only the dataset it was approved for.
   */
  conditionalRead: 'opendata.conditional.read',
} as const;

/**
 * Who manages a dataset: a holder of `opendata.manage` for the datasets of their own
 * organisation; a platform administrator (`*`) for any organisation in their region.
 */
export function canManage(principal: Principal, owner: { id: string; divisionCode: string }): boolean {
  if (!hasPermission(principal, OpendataPermissions.manage) || !owner.divisionCode.startsWith(regionPrefix(principal))) {
    return false;
  }
  return principal.permissions.has('*') || (principal.organisationId !== null && principal.organisationId === owner.id);
}

/** The audit actor of a principal: `user:<id>` or `apikey:<id>`. */
export const actorOf = (principal: Principal): string => `${principal.kind === 'user' ? 'user' : 'apikey'}:${principal.id}`;

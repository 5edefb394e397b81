import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { ItemOrganisation } from './services.model.js';

/** Permissions the services module checks (added to the built-in roles in the org module). */
export const ServicesPermissions = {
  /** Create, edit, publish and withdraw the items of one's organisation. */
  itemManage: 'services.item.manage',
  /** Apply online, track one's applications, messages and licenses (the `applicant` role). */
  apply: 'services.apply',
  /** Work on applications: inbox, detail, and the steps one's roles allow in one's organisation. */
  applicationHandle: 'services.application.handle',
} as const;

/**
 * Who writes an item: a holder of `services.item.manage` for the items of their own
 * organisation; a platform administrator (`*`) for any organisation in their region. A
 * district's administrator therefore never touches the city's or another district's items.
 */
export function canManage(principal: Principal, organisation: Pick<ItemOrganisation, 'id' | 'divisionCode'>): boolean {
  if (!hasPermission(principal, ServicesPermissions.itemManage) || !organisation.divisionCode.startsWith(regionPrefix(principal))) {
    return false;
  }
  return principal.permissions.has('*') || (principal.organisationId !== null && principal.organisationId === organisation.id);
}

/** Staff see items (drafts and withdrawn ones too) of organisations in their region. */
export function canSee(principal: Principal, organisation: Pick<ItemOrganisation, 'divisionCode'>): boolean {
  return organisation.divisionCode.startsWith(regionPrefix(principal));
}

/** The audit actor of a principal: `user:<id>` or `apikey:<id>`. */
export const actorOf = (principal: Principal): string => `${principal.kind === 'user' ? 'user' : 'apikey'}:${principal.id}`;

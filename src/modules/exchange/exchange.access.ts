import type { Principal } from '../../kernel/auth/index.js';
import { hasPermission } from '../../kernel/auth/index.js';
import { ExchangePermissions as P } from './exchange.permissions.js';

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
export const isAdmin = (p: Principal) => p.permissions.has('*');
/** An owner's steward of the resource's organisation, or a platform administrator. */
export const canDecide = (p: Principal, ownerOrgId: string) => hasPermission(p, P.approve) && (isAdmin(p) || p.organisationId === ownerOrgId);
/** Matches no organisation: for principals without one. */
export const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

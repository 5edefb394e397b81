import { divisionPrefix } from '../identifiers/index.js';

/** Who is calling: a person with a session or a department system with an API key. */
export interface Principal {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
  readonly name: string;
  readonly organisationId: string | null;
  /** The division the principal is bound to; rows outside it are invisible. */
  readonly divisionCode: string;
  readonly permissions: ReadonlySet<string>;
  readonly roles: readonly string[];
}

/** Resolves credentials to principals; the org module provides it. */
export interface Authenticator {
  fromSessionToken(token: string): Promise<Principal | null>;
  fromApiKey(key: string): Promise<Principal | null>;
}

export function hasPermission(principal: Principal, permission: string): boolean {
  return principal.permissions.has(permission) || principal.permissions.has('*');
}

/**
 * The LIKE prefix of the principal's region: rows whose division code starts with it are
 * visible. A city-level user sees the city, a county user only the county.
 */
export function regionPrefix(principal: Principal): string {
  return divisionPrefix(principal.divisionCode);
}

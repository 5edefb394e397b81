export { authPlugin, principalOf, SESSION_COOKIE, type RouteAccess } from './auth.plugin.js';
export { hasPermission, regionPrefix, type Authenticator, type Principal } from './principal.js';

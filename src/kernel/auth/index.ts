export { authPlugin, principalOf, sessionTokenOf, SESSION_COOKIE, type RouteAccess } from './auth.plugin.js';
export { hasPermission, regionPrefix, type Authenticator, type Principal } from './principal.js';
export { createRateLimiter, type RateLimiter } from './rate-limiter.js';

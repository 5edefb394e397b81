import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuthForbidden, AuthRequired } from '../errors/index.js';
import { hasPermission, type Authenticator, type Principal } from './principal.js';

export const SESSION_COOKIE = 'yiwang_session';

/**
 * What a route needs: `public` (anyone), `authenticated` (any signed-in principal) or a
 * permission such as `org.read`. Every route under /api must declare one.
 */
export type RouteAccess = 'public' | 'authenticated' | (string & {});

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) {
    return header;
  }
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return authorization.slice('Bearer '.length).trim();
  }
  return undefined;
}

/** Resolves the principal of each request and enforces each route's declared access. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { authenticator: Authenticator }) => {
    app.decorateRequest('principal', null);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/') && route.config?.access === undefined) {
        throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
      }
    });
    app.addHook('preHandler', async (request) => {
      const access = request.routeOptions.config.access;
      const key = apiKeyOf(request);
      const token = request.cookies?.[SESSION_COOKIE];
      if (key) {
        request.principal = await options.authenticator.fromApiKey(key);
        if (!request.principal) {
          throw AuthRequired(null, 'API 密钥无效、已吊销或已过期');
        }
      } else if (token) {
        request.principal = await options.authenticator.fromSessionToken(token);
      }
      if (access === undefined || access === 'public') {
        return;
      }
      if (!request.principal) {
        throw AuthRequired();
      }
      if (access !== 'authenticated' && !hasPermission(request.principal, access)) {
        throw AuthForbidden({ permission: access });
      }
    });
  },
  { name: 'yiwang-auth', dependencies: ['@fastify/cookie'] },
);

/** The request's principal; for routes whose access is not `public`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw AuthRequired();
  }
  return request.principal;
}

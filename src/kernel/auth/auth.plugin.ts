import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { AuthForbidden, AuthRequired, RateLimited } from '../errors/index.js';
import { hasPermission, type Authenticator, type Principal } from './principal.js';
import { createRateLimiter } from './rate-limiter.js';

export const SESSION_COOKIE = 'yiwang_session';

/**
 * What a route needs: `public` (anyone; `request.principal` stays null), `authenticated`
 * (any signed-in principal) or a permission such as `org.read`. Every route under /api
 * must declare one.
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

/** The session token from the request's cookie header, parsed only when asked for. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) {
    return undefined;
  }
  return request.server.parseCookie(header)[SESSION_COOKIE];
}

/**
 * Resolves the principal of each request and enforces each route's declared access. The
 * check is attached per route, and a request without credentials costs no promise: the hot
 * path of public routes stays as cheap as Fastify itself.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { authenticator: Authenticator; apiKeyCallsPerMinute: number }) => {
    const { authenticator } = options;
    const apiKeyLimiter = createRateLimiter(60_000);
    app.decorateRequest('principal', null);

    async function resolve(request: FastifyRequest, key: string | undefined, token: string | undefined): Promise<void> {
      if (key) {
        request.principal = await authenticator.fromApiKey(key);
        if (!request.principal) {
          throw AuthRequired(null, 'API 密钥无效、已吊销或已过期');
        }
        const verdict = apiKeyLimiter.take(request.principal.id, options.apiKeyCallsPerMinute);
        if (!verdict.allowed) {
          throw RateLimited({ retryAfterSeconds: verdict.retryAfterSeconds });
        }
      } else if (token) {
        request.principal = await authenticator.fromSessionToken(token);
      }
    }

    function check(access: RouteAccess, principal: Principal | null): Error | undefined {
      if (!principal) {
        return AuthRequired();
      }
      if (access !== 'authenticated' && !hasPermission(principal, access)) {
        return AuthForbidden({ permission: access });
      }
      return undefined;
    }

    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (access === undefined) {
        if (route.url.startsWith('/api/')) {
          throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
        }
        return;
      }
      if (access === 'public') {
        // Public routes never look at who is calling; resolving a principal would only cost.
        return;
      }
      const guard = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
        const key = apiKeyOf(request);
        const token = key ? undefined : sessionTokenOf(request);
        if (!key && !token) {
          done(check(access, null));
          return;
        }
        resolve(request, key, token).then(
          () => done(check(access, request.principal)),
          (error: Error) => done(error),
        );
      };
      const existing = route.preHandler;
      route.preHandler = existing ? [guard, ...(Array.isArray(existing) ? existing : [existing])] : guard;
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

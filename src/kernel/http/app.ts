import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { authPlugin, type Authenticator } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { collectMigrations, pendingMigrations, ping, type Db } from '../db/index.js';
import { installErrorHandling } from './error-handler.js';
import { healthRoutes } from './health.routes.js';
import { serializeRequest } from './log-redaction.js';
import { createValidatorCompiler } from './validators.js';

export type App = FastifyInstance;

/** A module's HTTP surface, mounted under `/api/v1`. */
export interface ModuleRoutes {
  readonly name: string;
  readonly routes: FastifyPluginAsync;
  /**
   * Routes at the site root, for URLs fixed by an outside standard (e.g. CKAN's
   * `/api/3/action/*`). They declare `config.access` like every other route.
   */
  readonly rootRoutes?: FastifyPluginAsync;
}

export interface BuildAppOptions {
  config: Config;
  db: Db;
  authenticator: Authenticator;
  modules: readonly ModuleRoutes[];
  /** Built console (web/dist); served at / when present. */
  webDir?: string | undefined;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the HTTP app; `listen()` is called only by the CLI's start command. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.LOG_LEVEL, serializers: { req: serializeRequest } },
    bodyLimit: config.YIWANG_BODY_LIMIT_BYTES,
    trustProxy: config.YIWANG_TRUST_PROXY,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());

  installErrorHandling(app);
  await app.register(cookie, { hook: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'yiwang 一网 API', version: '1', description: '一网通办 · 一网统管 · 一网协同 — platform API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yiwang_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    hideUntagged: false,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { authenticator: options.authenticator, apiKeyCallsPerMinute: config.YIWANG_API_KEY_CALLS_PER_MINUTE });

  const migrations = collectMigrations();
  let migrated = false;
  await app.register(healthRoutes, {
    ready: async () => {
      await ping(options.db);
      if (!migrated) {
        const pending = await pendingMigrations(options.db, migrations);
        migrated = pending.length === 0;
        return { pending };
      }
      return { pending: [] };
    },
  });
  await app.register(
    async (api) => {
      for (const module of options.modules) {
        await api.register(module.routes);
      }
    },
    { prefix: '/api/v1' },
  );
  for (const module of options.modules) {
    if (module.rootRoutes) {
      await app.register(module.rootRoutes);
    }
  }
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  const webDir = options.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
    // Client-side routes: any other GET that wants HTML gets the console. A dot in the last
    // segment (a license identifier such as 1.2.156.3005.2.…) is an asset only if the
    // browser did not ask for a page.
    app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => {
      const file = request.url.split('?')[0] ?? '/';
      const wantsPage = request.headers.accept?.includes('text/html') === true;
      if (file.startsWith('/api/') || (path.extname(file) !== '' && !wantsPage)) {
        return reply.callNotFound();
      }
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
  }
  return app;
}

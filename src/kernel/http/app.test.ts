import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { Conflict } from '../errors/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { buildApp, type App } from './app.js';

const reader: Principal = {
  kind: 'user',
  id: 'u1',
  name: 'reader',
  organisationId: null,
  divisionCode: '420700',
  roles: [],
  permissions: new Set(['thing.read']),
};
const authenticator = {
  fromSessionToken: async (token: string) => (token === 'good' ? reader : null),
  fromApiKey: async () => null,
};
const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/yiwang-app-test' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/boom', { config: { access: 'public' } }, async () => {
    throw new Error('secret database detail');
  });
  app.get('/conflict', { config: { access: 'public' } }, async () => {
    throw Conflict({ id: 7 });
  });
  app.get('/things', { config: { access: 'thing.read' }, schema: { querystring: Type.Object({ n: Type.Integer({ maximum: 10 }) }) } }, async (request) => ({
    n: request.query.n,
  }));
  app.get('/admin', { config: { access: 'thing.delete' } }, async () => ({ ok: true }));
};

let database: Database;
let app: App;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({ config, db: database.db, authenticator, modules: [{ name: 'test', routes }], logger: false });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('HTTP kernel', () => {
  it('turns an unknown error into a 500 with a generic message and an error id', async () => {
    const response = await app.inject('/api/v1/boom');
    expect(response.statusCode).toBe(500);
    const { error } = response.json();
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.details.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).not.toContain('secret');
  });

  it('renders defined errors with their status, code and details', async () => {
    const response = await app.inject('/api/v1/conflict');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: { code: 'CONFLICT', message: expect.any(String), details: { id: 7 } } });
  });

  it('checks the declared access of each route, and coerces query strings', async () => {
    expect((await app.inject('/api/v1/things?n=3')).json().error.code).toBe('AUTH_REQUIRED');
    const ok = await app.inject({ url: '/api/v1/things?n=3', headers: { cookie: 'yiwang_session=good' } });
    expect(ok.json()).toEqual({ n: 3 });
    const invalid = await app.inject({ url: '/api/v1/things?n=11', headers: { cookie: 'yiwang_session=good' } });
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
    const denied = await app.inject({ url: '/api/v1/admin', headers: { cookie: 'yiwang_session=good' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.details).toEqual({ permission: 'thing.delete' });
    const stale = await app.inject({ url: '/api/v1/things?n=3', headers: { cookie: 'yiwang_session=expired' } });
    expect(stale.statusCode).toBe(401);
  });

  it('refuses to build an app with an API route that declares no access', async () => {
    const careless: FastifyPluginAsyncTypebox = async (api) => {
      api.get('/open', async () => ({}));
    };
    await expect(buildApp({ config, db: database.db, authenticator, modules: [{ name: 'careless', routes: careless }], logger: false })).rejects.toThrow(
      /declares no access/,
    );
  });

  it('reports readiness from the database and the migrations', async () => {
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready', pendingMigrations: [] });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});

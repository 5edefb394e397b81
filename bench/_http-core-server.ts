// Child process of bench/http-core: serves one row either through the yiwang Fastify app
// (route with a response schema, row cached after the first database read) or through
// raw node:http writing the very same bytes. Prints the port when listening.
import http from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loadConfig } from '../src/kernel/config/index.js';
import pg from 'pg';
import { migrate, openDatabase } from '../src/kernel/db/index.js';
import { buildApp, Nullable } from '../src/kernel/http/index.js';

const Division = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), parentCode: Nullable(Type.String()) });
const row = { code: '420704', name: '鄂城区', level: 'county', parentCode: '420700' };

async function fastifyServer(): Promise<http.Server> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/yiwang-bench' });
  // With DATABASE_URL the row comes from PostgreSQL (a throw-away schema), as in production;
  // without it from an in-process PGlite, the laptop default.
  const url = process.env.DATABASE_URL;
  const schema = url ? `bench_${process.pid}` : undefined;
  if (url && schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await admin.end();
  }
  const database = await openDatabase({ url, schema, poolSize: 2 });
  await migrate(database.db);
  await database.db.insertInto('org_division').values([
    { code: '420000', name: '湖北省', level: 'province', parent_code: null },
    { code: '420700', name: '鄂州市', level: 'prefecture', parent_code: '420000' },
    { code: '420704', name: '鄂城区', level: 'county', parent_code: '420700' },
  ]).execute();
  const cache = new Map<string, typeof row>();
  const routes: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/bench/division/:code',
      { schema: { params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }), response: { 200: Division } }, config: { access: 'public' } },
      async (request) => {
        let cached = cache.get(request.params.code);
        if (!cached) {
          cached = (await database.db
            .selectFrom('org_division')
            .select(['code', 'name', 'level', 'parent_code as parentCode'])
            .where('code', '=', request.params.code)
            .executeTakeFirstOrThrow()) as typeof row;
          cache.set(request.params.code, cached);
        }
        return cached;
      },
    );
  };
  const authenticator = { fromSessionToken: async () => null, fromApiKey: async () => null };
  const app = await buildApp({ config, db: database.db, authenticator, modules: [{ name: 'bench', routes }], logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

function rawServer(): Promise<http.Server> {
  const body = Buffer.from(JSON.stringify(row));
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = process.argv[2] === 'raw' ? await rawServer() : await fastifyServer();
const address = server.address();
process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    if (process.env.DATABASE_URL) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop schema if exists bench_${process.pid} cascade`);
      await admin.end();
    }
    process.exit(0);
  })();
});

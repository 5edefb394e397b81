// Child process of bench/opendata-search: one yiwang app holding the open-data module with
// N synthetic published datasets and a hello-world route beside it. Prints READY <port>
// <database kind> when listening.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config/index.js';
import { migrate, openDatabase } from '../src/kernel/db/index.js';
import { buildApp } from '../src/kernel/http/index.js';
import { createOpendataModule, seedSyntheticDatasets, type OpendataDeps } from '../src/modules/opendata/index.js';

const count = Number(process.argv[2] ?? 20_000);
const url = process.env.DATABASE_URL;
const schema = url ? `bench_od_${process.pid}` : undefined;
if (url && schema) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
}
const database = await openDatabase({ url, schema, poolSize: 10 });
await migrate(database.db);
const started = Date.now();
await seedSyntheticDatasets(database.db, count);
process.stderr.write(`seeded ${count} datasets in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

// package_search reads only the module's own tables: the other modules are not needed.
const unused = () => {
  throw new Error('not used by package_search');
};
const opendata = createOpendataModule({
  db: database.db,
  audit: { append: unused },
  catalog: { getResource: unused, service: { search: unused } },
  org: { getDivision: unused },
  apiKeys: { createApiKey: unused, revokeApiKey: unused, userPrincipal: unused },
} as unknown as OpendataDeps);
const hello: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/bench/hello', { schema: { response: { 200: Type.Object({ hello: Type.String() }) } }, config: { access: 'public' } }, async () => ({ hello: 'world' }));
};
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/yiwang-bench' });
const authenticator = { fromSessionToken: async () => null, fromApiKey: async () => null };
const app = await buildApp({ config, db: database.db, authenticator, modules: [opendata, { name: 'bench', routes: hello }], logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0} ${database.kind}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await database.close();
    if (url && schema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
    process.exit(0);
  })();
});

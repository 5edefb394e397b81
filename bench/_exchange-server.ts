// Child process of bench/exchange-gateway: one yiwang platform on PGlite (default) or on
// PostgreSQL (DATABASE_URL, in a fresh schema dropped at exit), the demo city plus fixture
// persons, one active grant with an API key; serves two apps against that one database:
// a bare Fastify route reading one person by blind index, and the full platform with the
// gateway. Prints `READY <bare port> <gateway port> <key> <ids file>`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { loadConfig } from '../src/kernel/config/index.js';
import { buildApp, Nullable } from '../src/kernel/http/index.js';
import { createTestDatabase } from '../src/kernel/testing/test-database.js';
import { REGISTRY_RESOURCE_CODES } from '../src/modules/registry/index.js';
import { createPlatform } from '../src/platform.js';
import { ensureUser, exchangeKey, fixturePersons, importPersons } from './_exchange-fixture.js';

const count = Number(process.argv[2] ?? 5000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-exchange-'));
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, YIWANG_DEMO: 'true', YIWANG_API_KEY_CALLS_PER_MINUTE: '1000000' });
const database = await createTestDatabase({ migrate: false });
const platform = await createPlatform(config, { database });
await platform.loadDemo();
const persons = fixturePersons(count);
await importPersons(platform, persons);

// A city-level consumer (大数据中心) granted the persons registry, masked, at the highest rate.
const consumerStewardId = await ensureUser(platform, 'bench-consumer', 'ezhou-dsjzx', ['data_steward']);
const ownerStewardId = await ensureUser(platform, 'bench-owner', 'ezhou-gaj', ['data_steward']);
const consumer = (await platform.org.auth.userPrincipal(consumerStewardId))!;
const owner = (await platform.org.auth.userPrincipal(ownerStewardId))!;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const request = await platform.exchange.service.createRequest(consumer, {
  resourceId: REGISTRY_RESOURCE_CODES.persons,
  purpose: '基准测试',
  fields: ['id_number', 'name', 'sex', 'household_division', 'phone'],
  validFrom: today,
  validTo: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
  ratePerMinute: 100_000,
  clearText: false,
});
await platform.exchange.service.approve(owner, request.id, { version: request.version });
const key = await exchangeKey(platform, consumerStewardId, 'ezhou-dsjzx');

const Person = Type.Object({ idNumber: Type.String(), name: Type.String(), sex: Type.String(), householdDivision: Type.String(), phone: Nullable(Type.String()) });
const bareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/bench/persons/:idNumber',
    { schema: { params: Type.Object({ idNumber: Type.String({ minLength: 18, maxLength: 18 }) }), response: { 200: Person } }, config: { access: 'public' } },
    async (req) => {
      const person = await platform.registry.service.findPersonByIdNumber(req.params.idNumber);
      if (!person) {
        throw new Error('fixture person missing');
      }
      return person;
    },
  );
};
const bare = await buildApp({ config, db: database.db, authenticator: { fromSessionToken: async () => null, fromApiKey: async () => null }, modules: [{ name: 'bench', routes: bareRoutes }], logger: false });
await bare.listen({ port: 0, host: '127.0.0.1' });
const gateway = await platform.buildApp(false);
await gateway.listen({ port: 0, host: '127.0.0.1' });

const idsFile = path.join(dataDir, 'ids.txt');
fs.writeFileSync(idsFile, persons.map((p) => p.idNumber).join('\n'));
const portOf = (server: typeof bare.server) => {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
process.stdout.write(`READY ${portOf(bare.server)} ${portOf(gateway.server)} ${key} ${idsFile} ${database.kind}\n`);

async function stop(): Promise<void> {
  await Promise.allSettled([bare.close(), gateway.close()]);
  const calls = await database.db.selectFrom('exchange_call').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  process.stderr.write(`exchange_call rows recorded: ${calls?.n ?? '?'}; audit records: ${await platform.audit.count()}\n`);
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());

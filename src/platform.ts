import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { auditRoutes, createAuditLog, loadOrCreateAuditKeys, type AuditLog } from './kernel/audit/index.js';
import { createBus, type Bus } from './kernel/bus/index.js';
import { loadCalendar, SHIPPED_CALENDAR_DIR, type WorkingCalendar } from './kernel/calendar/index.js';
import type { Config } from './kernel/config/index.js';
import { createFieldCipher, loadOrCreateFieldKey } from './kernel/crypto/field-cipher.js';
import { hmacSm3 } from './kernel/crypto/index.js';
import { migrate, openDatabase, type Database, type MigrationReport } from './kernel/db/index.js';
import { buildApp, type App } from './kernel/http/index.js';
import { createJobs, createWorker, type Jobs, type Worker } from './kernel/jobs/index.js';
import { createCatalogModule, type CatalogModule } from './modules/catalog/index.js';
import { createDashboardModule } from './modules/dashboard/index.js';
import { createExchangeModule, type ExchangeModule } from './modules/exchange/index.js';
import { createLicensesModule, type LicensesModule } from './modules/licenses/index.js';
import { createOpendataModule, type OpendataModule } from './modules/opendata/index.js';
import { createOrgModule, readDemoOrg, type OrgModule } from './modules/org/index.js';
import { createRegistryModule, REGISTRY_RESOURCE_CODES, type DemoScale, type ImportProgress, type RegistryModule } from './modules/registry/index.js';
import { createServicesModule, type ServicesModule } from './modules/services/index.js';
import { createIotModule, type IotModule } from './modules/iot/index.js';
import { createCasesModule, type CasesModule } from './modules/cases/index.js';
import { createGridModule, type GridModule } from './modules/grid/index.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Platform {
  readonly config: Config;
  readonly database: Database;
  readonly audit: AuditLog;
  readonly bus: Bus;
  readonly jobs: Jobs;
  /** Working days on the Chinese calendar: shipped years, overridden by DATA_DIR/calendar. */
  readonly calendar: WorkingCalendar;
  readonly org: OrgModule;
  readonly catalog: CatalogModule;
  readonly registry: RegistryModule;
  readonly exchange: ExchangeModule;
  readonly services: ServicesModule;
  readonly licenses: LicensesModule;
  readonly opendata: OpendataModule;
  readonly iot: IotModule;
  readonly cases: CasesModule;
  readonly grid: GridModule;
  readonly migrations: MigrationReport;
  buildApp(logger?: FastifyServerOptions['logger']): Promise<App>;
  createWorker(): Worker;
  /** Loads the Ezhou demo city; idempotent. Refused in production. `scale: 'full'` loads Ezhou's real-size register (minutes). */
  loadDemo(options?: DemoOptions): Promise<DemoReport>;
  close(): Promise<void>;
}

export interface DemoReport {
  organisations: number;
  catalogResources: number;
  serviceItems: number;
  usersCreated: string[];
  registry: { scale: DemoScale; persons: number; entities: number };
  /** Demo e-licenses issued by this load (0 once they exist). */
  licensesIssued: number;
  /** Demo access requests present (pending, approved with metered calls, rejected). */
  exchangeRequests: number;
  /** Open datasets published by this load (0 once they exist). */
  openDatasetsPublished: number;
  /** Demo IoT devices present (lakes, drains, covers, smoke detectors, air stations, streetlights). */
  iotDevices: number;
  /** Areas of the grid hierarchy (city, districts, streets, communities, grids), the grids, and workers assigned by this load. */
  grid: { areas: number; grids: number; workersAssigned: number };
  /** Demo cases written by this load: a year of 12345 history (0 once they exist). */
  cases: number;
  /** Demo applicants (citizens, enterprises) and case officers created by this load; item procedures present. */
  serviceWorkflow: { applicantsCreated: string[]; officersCreated: string[]; procedures: number };
}

export interface DemoOptions {
  scale?: DemoScale;
  onRegistryProgress?: (kind: 'persons' | 'entities', progress: ImportProgress) => void;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/pglite. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : path.join(config.dataDir, 'pglite') });
}

/**
 * The composition root: opens the database, migrates, wires kernel services and modules by
 * hand. Used by every CLI command and by route tests.
 */
export async function createPlatform(config: Config, options: { database?: Database } = {}): Promise<Platform> {
  const database = options.database ?? (await openConfiguredDatabase(config));
  const { db } = database;
  const migrations = await migrate(db);
  const audit = createAuditLog({ db, keys: loadOrCreateAuditKeys(path.join(config.dataDir, 'keys')) });
  const bus = createBus({ db });
  const jobs = createJobs({ db });
  const calendar = await loadCalendar([SHIPPED_CALENDAR_DIR, path.join(config.dataDir, 'calendar')]);
  const org = createOrgModule({
    db,
    audit,
    settings: {
      sessionTtlHours: config.YIWANG_SESSION_TTL_HOURS,
      loginMaxAttempts: config.YIWANG_LOGIN_MAX_ATTEMPTS,
      loginWindowMinutes: config.YIWANG_LOGIN_WINDOW_MINUTES,
      secureCookies: config.secureCookies,
    },
  });
  const catalog = createCatalogModule({ db, audit, bus, org: org.service });
  const fieldKey = loadOrCreateFieldKey({ hex: config.YIWANG_FIELD_KEY, dir: path.join(config.dataDir, 'keys') });
  const registry = createRegistryModule({ db, audit, cipher: createFieldCipher(fieldKey), dataDir: config.dataDir, catalog });
  await registry.checkFieldKey();
  const exchange = createExchangeModule({
    db,
    audit,
    catalog,
    org: org.service,
    registry: registry.service,
    resourceCodes: REGISTRY_RESOURCE_CODES,
    // Subject hashes under a key derived from the field key: the same on every node, never stored.
    subjectKey: hmacSm3(fieldKey, 'yiwang exchange subject hash v1'),
  });
  // The city whose key signs licenses: Ezhou, the one city yiwang is set up for so far.
  const city = readDemoOrg().city;
  const licenses = createLicensesModule({ db, audit, bus, cipher: createFieldCipher(fieldKey), keysDir: path.join(config.dataDir, 'keys'), city: { name: city.name, divisionCode: city.code } });
  const services = createServicesModule({
    db,
    audit,
    bus,
    org: org.service,
    calendar,
    cipher: createFieldCipher(fieldKey),
    registry: registry.service,
    licenses: { issue: licenses.issue, listForHolder: licenses.listForHolder, documentForHolder: licenses.documentForHolder, getType: licenses.service.getType },
    materialsDir: path.join(config.dataDir, 'materials'),
    rectifyDays: config.YIWANG_RECTIFY_DAYS,
  });
  const opendata = createOpendataModule({ db, audit, catalog, org: org.service, apiKeys: org.auth });
  const grid = createGridModule({ db, audit, users: { userPrincipalByUsername: org.auth.userPrincipalByUsername, getUser: org.service.getUser }, divisions: org.service, city: { code: city.code, name: city.name } });
  const iot = createIotModule({
    db,
    audit,
    bus,
    org: org.service,
    grid: { locate: grid.locate },
    settings: {
      mqttUrl: config.MQTT_URL,
      embeddedHost: config.HOST,
      embeddedPort: config.YIWANG_MQTT_PORT ?? (config.NODE_ENV === 'test' ? 0 : 1883),
      shareGroup: config.YIWANG_MQTT_SHARE_GROUP,
      topicPrefix: config.YIWANG_MQTT_TOPIC_PREFIX,
      connections: config.YIWANG_MQTT_CONNECTIONS,
      nodeId: config.YIWANG_NODE_ID ?? hostname(),
      batchMax: config.YIWANG_IOT_BATCH_MAX,
      maxAgeDays: config.YIWANG_IOT_MAX_AGE_DAYS,
    },
    keysDir: path.join(config.dataDir, 'keys'),
  });
  // Day partitions must exist before the first reading arrives.
  await iot.maintainTelemetry();
  const cases = createCasesModule({ db, audit, bus, jobs, calendar, cipher: createFieldCipher(fieldKey), org: org.service, cityDivisionCode: city.code, grid: { locate: grid.locate }, autoDispatchThreshold: config.YIWANG_CASES_AUTO_DISPATCH_THRESHOLD });
  const dashboard = createDashboardModule({ org: org.service, countApiKeys: org.auth.countApiKeys, audit });
  const auditApi = { name: 'audit', routes: auditRoutes(audit, org.service.actorNames) };
  await org.seedReferenceData();
  await cases.seedReferenceData();

  jobs.define('kernel.audit.checkpoint', async () => {
    await audit.checkpoint();
  });
  jobs.define('org.sessions.cleanup', async () => {
    await org.auth.deleteExpiredSessions();
    await org.auth.pruneLoginFailures(new Date(Date.now() - 24 * 3_600_000));
  });
  await jobs.every('kernel.audit.checkpoint', config.YIWANG_AUDIT_CHECKPOINT_MINUTES * 60_000);
  await jobs.every('org.sessions.cleanup', 3_600_000);
  jobs.define('exchange.grants.expire', async () => {
    await exchange.expireGrants();
  });
  await jobs.every('exchange.grants.expire', 3_600_000);
  jobs.define('services.deadlines.check', async () => {
    await services.checkDeadlines();
  });
  await jobs.every('services.deadlines.check', 3_600_000);
  jobs.define('services.entitlements.run', async () => {
    await services.runEntitlements();
  });
  await jobs.every('services.entitlements.run', 24 * 3_600_000);
  jobs.define('iot.telemetry.maintain', async () => {
    await iot.maintainTelemetry();
  });
  await jobs.every('iot.telemetry.maintain', 6 * 3_600_000);
  jobs.define('iot.silence.check', async () => {
    await iot.checkSilence();
  });
  await jobs.every('cases.deadlines.check', 10 * 60_000);
  await jobs.every('iot.silence.check', config.YIWANG_IOT_SILENCE_CHECK_SECONDS * 1000);

  return {
    config,
    database,
    audit,
    bus,
    jobs,
    calendar,
    org,
    catalog,
    registry,
    exchange,
    licenses,
    services,
    opendata,
    iot,
    cases,
    grid,
    migrations,
    buildApp: (logger) =>
      buildApp({
        config,
        db,
        authenticator: org.authenticator,
        modules: [org, catalog, registry, exchange, licenses, services, opendata, iot, cases, grid, dashboard, auditApi],
        webDir: path.join(rootDir, 'web/dist'),
        logger,
      }),
    createWorker: () => createWorker({ bus, jobs }),
    async loadDemo(demoOptions = {}) {
      if (config.NODE_ENV === 'production') {
        throw new Error('the demo city is refused in production (NODE_ENV=production)');
      }
      const report = { ...(await org.seedDemo()), catalogResources: (await catalog.seedDemo()).resources, serviceItems: (await services.seedDemo()).items };
      const registryDemo = await registry.seedDemo({ scale: demoOptions.scale ?? 'sample', ...(demoOptions.onRegistryProgress ? { onProgress: demoOptions.onRegistryProgress } : {}) });
      const registryCounts = { scale: registryDemo.scale, persons: registryDemo.persons.records - registryDemo.persons.rejected, entities: registryDemo.entities.records - registryDemo.entities.rejected };
      if (report.usersCreated.length > 0) {
        await audit.append(db, { actor: 'system:demo', action: 'kernel.demo.load', target: 'division:420700', details: report });
      }
      // After the users and the registry resources: the requests are filed as demo users.
      const exchangeDemo = await exchange.seedDemo(org.auth.userPrincipalByUsername);
      const licensesDemo = await licenses.seedDemo({
        personName: async (idNumber) => (await registry.service.findPersonByIdNumber(idNumber))?.name,
        entityName: async (creditCode) => (await registry.service.findEntityByCreditCode(creditCode))?.name,
      });
      // After the catalog's open resources and the users: each department publishes as its own steward.
      const opendataDemo = await opendata.seedDemo(org.auth.userPrincipalByUsername);
      // After the demo users (`gridworker` looks after a grid of its street), before the devices (placed in grids).
      const gridDemo = await grid.seedDemo();
      const iotDemo = await iot.seedDemo();
      // After the items, the registry and the license types: applicants are verified against the register.
      const workflowDemo = await services.seedDemoWorkflow(readDemoOrg().password);
      await services.seedDemoEngagement();
      // After the grid (cases are placed in grids) and the organisations (dispatched to departments).
      const casesDemo = await cases.seedDemo();
      const serviceWorkflow = { applicantsCreated: workflowDemo.applicantsCreated, officersCreated: workflowDemo.officersCreated, procedures: workflowDemo.procedures };
      return { ...report, registry: registryCounts, exchangeRequests: exchangeDemo.requests, licensesIssued: licensesDemo.issued, openDatasetsPublished: opendataDemo.published, iotDevices: iotDemo.devices, grid: { areas: gridDemo.areas, grids: gridDemo.grids, workersAssigned: gridDemo.workersAssigned }, cases: casesDemo.created, serviceWorkflow };
    },
    close: () => database.close(),
  };
}

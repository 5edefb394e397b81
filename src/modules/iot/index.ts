import type { Bus, Logger } from '../../kernel/bus/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { devicesRoutes } from './devices/devices.routes.js';
import { createDevicesService, type AuditAppender, type DevicesService, type GridLocator, type OrgLookup } from './devices/devices.service.js';
import { createDirectory, type Directory } from './ingest/directory.js';
import { ingestRoutes } from './ingest/ingest.routes.js';
import { startIngestion, type Ingestion, type IngestionSettings } from './ingest/ingestion.js';
import { loadOrCreatePlatformSecret } from './broker/platform-secret.js';
import { createIngestPipeline, type IngestPipeline } from './ingest/pipeline.js';
import { ensureSimulatedDevices, seedDemoIot, type IotDemoReport } from './iot.seed.js';
import type { SimulatedDevice } from './simulate/simulator.js';
import { createRuleEvaluator } from './rules/rule-evaluator.js';
import { rulesRoutes } from './rules/rules.routes.js';
import { createRulesService, type RulesService } from './rules/rules.service.js';
import { checkSilence } from './rules/silence.js';
import { deleteExpired, maintainPartitions } from './telemetry/partitions.js';
import { createTelemetryRepository } from './telemetry/telemetry.repository.js';
import { createTelemetryService } from './telemetry/telemetry.service.js';

export { IotPermissions } from './iot.permissions.js';
export { IOT_ALARM_CLEARED, IOT_ALARM_RAISED, type AlarmDevice, type IotAlarmClearedEvent, type IotAlarmRaisedEvent } from './iot.events.js';
export { telemetryFilter, telemetryTopic } from './ingest/topic.js';
export { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.js';
export type { Ingestion, IngestionSettings } from './ingest/ingestion.js';
export type { IngestPipeline, IngestStats } from './ingest/pipeline.js';
export type { IngestOutcome } from './ingest/ingest.writer.js';
export type { DevicesService, OrgLookup } from './devices/devices.service.js';
export type { RulesService } from './rules/rules.service.js';
export { demoDevices, readDemoIot, simulationProfiles, type IotDemoReport, type DemoDevice } from './iot.seed.js';
export { createValueWalk, runSimulator, type SimulatedDevice, type SimulationProfile, type SimulatorOptions, type SimulatorProgress } from './simulate/simulator.js';
export { clientIdPrefixOf } from './ingest/ingestion.js';
export { PLATFORM_MQTT_USER } from './broker/broker-auth.js';
export { readPlatformSecret, withPlatformLogin } from './broker/platform-secret.js';

export interface IotSettings extends IngestionSettings {
  /** Most messages per transaction. */
  batchMax: number;
  /** Readings older than this many days are rejected; day partitions reach this far back. */
  maxAgeDays: number;
}

export interface IotModule extends ModuleRoutes {
  readonly devices: DevicesService;
  readonly rules: RulesService;
  /** Validation and batched storage, shared by the MQTT consumer and the HTTP endpoint. */
  readonly pipeline: IngestPipeline;
  readonly directory: Directory;
  /** Starts the embedded broker (without MQTT_URL) and the telemetry consumer on this node. */
  startIngestion(logger: Logger, overrides?: Partial<IngestionSettings>): Promise<Ingestion>;
  /** Day partitions from `maxAgeDays` back to a week ahead; expired telemetry and rejects removed. */
  maintainTelemetry(now?: Date): Promise<{ created: string[]; dropped: string[]; deleted: number }>;
  /** Raises offline alarms for devices silent longer than their silence rules allow. */
  checkSilence(now?: Date): Promise<{ raised: number }>;
  /** The demo city's device types, a few hundred devices at Ezhou's lakes and streets, and rules; idempotent. */
  seedDemo(): Promise<IotDemoReport>;
  /** `count` devices for the simulator and the bench: the demo's and more like them, registered if missing. */
  simulatedDevices(count: number): Promise<SimulatedDevice[]>;
}

const REJECTS_KEPT_DAYS = 30;

/**
 * IoT perception (统一物联网管理平台): device types and devices, MQTT and HTTP ingestion
 * into day-partitioned telemetry, latest state, threshold / rate / silence rules with
 * hysteresis, alarms published as `iot.alarm.raised` / `iot.alarm.cleared`.
 * Wire by hand: `createIotModule({ db, audit, bus, org, settings })`.
 */
export function createIotModule(deps: {
  db: Db;
  audit: AuditAppender;
  bus: Pick<Bus, 'publish'>;
  org: OrgLookup;
  /** Sets a device's grid from its location at registration; without it devices keep the grid they are given. */
  grid?: GridLocator;
  settings: IotSettings;
  /** Where the embedded broker's platform secret lives; given, devices must log in with their credentials. */
  keysDir?: string;
}): IotModule {
  const { db, settings } = deps;
  const directory = createDirectory(db);
  const evaluator = createRuleEvaluator({ bus: deps.bus });
  const rules = createRulesService({ db, audit: deps.audit, directory, evaluator });
  const devices = createDevicesService({ db, audit: deps.audit, org: deps.org, directory, ...(deps.grid ? { grid: deps.grid } : {}), onRetired: (id) => rules.clearDevice(id, 'device-retired') });
  const telemetry = createTelemetryService({ db, devices });
  const pipeline = createIngestPipeline({ db, directory, evaluator, topicPrefix: settings.topicPrefix, maxBatch: settings.batchMax, maxAgeDays: settings.maxAgeDays });
  const routes = [devicesRoutes({ db, devices, telemetry }), rulesRoutes(rules), ingestRoutes({ pipeline, authenticate: devices.authenticate })];
  return {
    name: 'iot',
    devices,
    rules,
    pipeline,
    directory,
    routes: async (app) => {
      for (const plugin of routes) {
        await app.register(plugin);
      }
    },
    startIngestion: (logger, overrides = {}) => {
      const merged = { ...settings, ...overrides };
      const login =
        deps.keysDir && !merged.mqttUrl
          ? { platformSecret: loadOrCreatePlatformSecret(deps.keysDir), authenticateDevice: devices.authenticate }
          : undefined;
      return startIngestion(pipeline, merged, logger, login);
    },
    async maintainTelemetry(now = new Date()) {
      const types = await devices.listTypes();
      const keepDays = Math.max(settings.maxAgeDays, ...types.map((t) => t.retentionDays));
      const partitions = await maintainPartitions(db, { back: settings.maxAgeDays, ahead: 7, keepDays, now });
      const deleted = await deleteExpired(db, keepDays, now);
      await createTelemetryRepository(db).deleteRejectsBefore(new Date(now.getTime() - REJECTS_KEPT_DAYS * 86_400_000));
      return { ...partitions, deleted };
    },
    checkSilence: (now) => checkSilence({ db, directory, rules: evaluator }, now),
    seedDemo: () => seedDemoIot({ db, devices, directory }),
    simulatedDevices: (count) => ensureSimulatedDevices({ db, devices, directory }, count),
  };
}

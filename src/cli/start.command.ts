import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import type { Ingestion } from '../modules/iot/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the server and the background workers (loads the demo city in demo mode)')
    .action(async () => {
      const config = loadConfig();
      const platform = await createPlatform(config);
      if (config.demo) {
        await platform.loadDemo();
      } else if (!(await platform.org.service.hasActiveAdministrator())) {
        await platform.close();
        throw new CliError(
          'no platform administrator exists. Create one first:\n  yiwang user create --username <name> --display-name <名称> --role platform_admin --division 420700',
          78,
        );
      }
      const app = await platform.buildApp();
      // 智能分拨 learns from the corpus and the cases handled so far before the first call comes in.
      const trained = await platform.cases.service.classification.train();
      app.log.info({ ...trained }, 'case classifier trained');
      const worker = config.YIWANG_WORKERS ? platform.createWorker() : null;
      let ingestion: Ingestion | null = null;
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          return;
        }
        stopping = true;
        app.log.info({ signal }, 'shutting down');
        await app.close();
        await ingestion?.stop();
        await worker?.stop();
        await platform.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      await app.listen({ port: config.PORT, host: config.HOST });
      worker?.start();
      if (config.YIWANG_IOT_INGEST) {
        // Without MQTT the platform still serves; devices can post telemetry over HTTP.
        ingestion = await platform.iot.startIngestion(app.log).catch((error: unknown) => {
          app.log.error({ err: error }, 'IoT ingestion over MQTT is off: the embedded broker could not listen (set MQTT_URL to use a running broker, or another YIWANG_MQTT_PORT)');
          return null;
        });
      }
      const shownHost = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      app.log.info(
        { database: platform.database.kind, demo: config.demo, migrationsApplied: platform.migrations.applied.length },
        `yiwang is ready at http://${shownHost}:${port}/ (API docs at /docs)`,
      );
    });
}

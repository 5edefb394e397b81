import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import { demoDevices, readPlatformSecret, runSimulator, withPlatformLogin, simulationProfiles, type SimulatedDevice, type SimulatorProgress } from '../modules/iot/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';

interface SimulateOptions {
  devices: string;
  rate: string;
  count?: string;
  duration?: string;
  faults: string;
  silent: string;
  breach?: string[];
}

const positive = (text: string, name: string, allowZero = false) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new CliError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not ${text}`);
  }
  return value;
};

function progressLine(p: SimulatorProgress): string {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  return `sent ${p.sent} (${Math.round(p.sent / seconds)} msg/s), acknowledged by the broker ${p.acknowledged}, broken on purpose ${p.faults}, ${seconds.toFixed(0)} s`;
}

/** The embedded broker of a running `yiwang start` on this DATA_DIR, with the platform's login. */
function embeddedBrokerUrl(config: ReturnType<typeof loadConfig>): string {
  const secret = readPlatformSecret(path.join(config.dataDir, 'keys'));
  if (!secret) {
    throw new CliError(`no embedded broker's login in ${path.join(config.dataDir, 'keys')}: start yiwang (npm start) on this DATA_DIR first, or set MQTT_URL`);
  }
  return withPlatformLogin(`mqtt://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.YIWANG_MQTT_PORT ?? 1883}`, secret);
}

export function registerIotCommands(program: Command): void {
  const iot = program.command('iot').description('IoT perception: devices and telemetry');
  iot
    .command('simulate')
    .description(
      'publish realistic telemetry of the demo city\'s devices (lakes, drains, covers, smoke detectors, air stations, streetlights) to the broker: MQTT_URL, or the embedded one of a running `yiwang start`. ' +
        'More devices than the demo has are registered first (SIM-00001…), which opens the database: with the embedded database (PGlite) do that while `yiwang start` is not running.',
    )
    .option('--devices <n>', 'devices to simulate', '359')
    .option('--rate <msg/s>', 'messages per second over all devices (0: as fast as the broker takes them)', '50')
    .option('--count <n>', 'stop after this many messages')
    .option('--duration <seconds>', 'stop after this long (default: until Ctrl-C)')
    .option('--faults <share>', 'share of messages sent broken, for the reject log', '0.002')
    .option('--silent <share>', 'share of devices that never report, for offline alarms', '0.02')
    .option('--breach <codes...>', 'devices whose first reading climbs past its alarm threshold (e.g. EZ-WL-LZH-1)')
    .action(async (options: SimulateOptions) => {
      const config = loadConfig();
      if (config.NODE_ENV === 'production') {
        throw new CliError('the simulator publishes invented readings and is refused in production (NODE_ENV=production)');
      }
      const count = Math.floor(positive(options.devices, 'devices'));
      const rate = positive(options.rate, 'rate', true);
      let devices: SimulatedDevice[] = demoDevices().slice(0, count);
      if (count > devices.length) {
        const platform = await createPlatform(config);
        try {
          await platform.org.seedDemo();
          devices = await platform.iot.simulatedDevices(count);
        } finally {
          await platform.close();
        }
      }
      const url = config.MQTT_URL ?? embeddedBrokerUrl(config);
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      const timer = options.duration ? setTimeout(() => abort.abort(), positive(options.duration, 'duration') * 1000) : undefined;
      console.error(`simulating ${devices.length} devices at ${rate || 'full'} msg/s → ${url.replace(/\/\/[^@/]*@/, '//***@')} (topic prefix ${config.YIWANG_MQTT_TOPIC_PREFIX})`);
      try {
        const done = await runSimulator({
          url,
          topicPrefix: config.YIWANG_MQTT_TOPIC_PREFIX,
          devices,
          profiles: simulationProfiles(),
          rate,
          ...(options.count ? { count: Math.floor(positive(options.count, 'count')) } : {}),
          signal: abort.signal,
          faultRate: positive(options.faults, 'faults', true),
          silentShare: positive(options.silent, 'silent', true),
          breach: options.breach ?? [],
          onProgress: (p) => process.stderr.write(`\r${progressLine(p)}`),
        });
        process.stderr.write('\n');
        console.log(progressLine(done));
      } finally {
        clearTimeout(timer);
      }
    });
}

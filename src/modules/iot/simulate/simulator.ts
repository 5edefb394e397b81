import { connect, type MqttClient } from 'mqtt';
import { telemetryTopic } from '../ingest/topic.js';
import type { TelemetryField, Values } from '../iot.tables.js';

/** How a type's readings wander: per field `[typical, spread]`. */
export interface SimulationProfile {
  fields: TelemetryField[];
  ranges: Record<string, [number, number]>;
  /** How often a real device of the type reports. */
  intervalSeconds: number;
}

export interface SimulatedDevice {
  code: string;
  typeCode: string;
}

export interface SimulatorOptions {
  url: string;
  topicPrefix: string;
  devices: SimulatedDevice[];
  profiles: ReadonlyMap<string, SimulationProfile>;
  /** Messages per second over all devices; 0 publishes as fast as the broker acknowledges. */
  rate: number;
  /** Stop after this many messages (default: run until `signal` aborts). */
  count?: number;
  signal?: AbortSignal;
  /** Share of messages sent broken (out of range, malformed): they land in the reject log. */
  faultRate?: number;
  /** Share of devices that stay silent (their silence rules raise offline alarms). */
  silentShare?: number;
  /** Devices whose first field climbs past any sensible threshold (a water-level breach). */
  breach?: string[];
  /** Publishing connections (default 4) and unacknowledged messages per connection (default 500). */
  connections?: number;
  window?: number;
  onProgress?: (progress: SimulatorProgress) => void;
}

export interface SimulatorProgress {
  sent: number;
  acknowledged: number;
  faults: number;
  elapsedMs: number;
}

const clamp = (value: number, field: TelemetryField) => Math.min(field.max ?? Infinity, Math.max(field.min ?? -Infinity, value));

/**
 * Readings that wander as real sensors do: each numeric field of each device drifts from
 * its last value by a step that grows with the time since, and is drawn back towards the
 * type's typical value — so changes per minute stay plausible however fast the simulation
 * runs. A breaching device reads its first field well above typical. Booleans are nearly
 * always false (a rare smoke alarm, a rare displaced cover); lights are on half the time.
 */
export function createValueWalk(random: () => number = Math.random) {
  const last = new Map<string, { ts: number; values: Values }>();
  return (deviceCode: string, profile: SimulationProfile, intervalSeconds: number, ts: number, breach = false): Values => {
    const before = last.get(deviceCode);
    const intervals = before ? Math.min((ts - before.ts) / 1000 / intervalSeconds, 10) : 10;
    const values: Values = {};
    for (const [index, field] of profile.fields.entries()) {
      if (field.type === 'boolean') {
        values[field.key] = field.key === 'on' ? random() < 0.5 : random() < 0.0001;
        continue;
      }
      const [typical, spread] = profile.ranges[field.key] ?? [((field.min ?? 0) + (field.max ?? 100)) / 2, 1];
      const target = breach && index === 0 ? typical + 3 + spread : typical;
      const previous = breach && index === 0 ? target : ((before?.values[field.key] as number | undefined) ?? typical + spread * (random() - 0.5));
      const pull = Math.min(1, intervals / 20);
      // The sum of three uniforms: roughly normal, never wild.
      const step = spread * 0.05 * intervals * (random() + random() + random() - 1.5);
      const value = clamp(previous + (target - previous) * pull + step, field);
      values[field.key] = field.type === 'integer' ? Math.round(value) : Number(value.toFixed(3));
    }
    last.set(deviceCode, { ts, values });
    return values;
  };
}

function brokenPayload(random: () => number, values: Values): string {
  return random() < 0.5 ? '{"ts": "yesterday", "values": ' : JSON.stringify({ ts: Date.now(), values: { ...values, [Object.keys(values)[0]!]: 1e9 } });
}

/**
 * Publishes realistic telemetry at QoS 1 for the given devices, round robin, at `rate`
 * messages per second over several connections, each device's timestamps strictly
 * increasing. Resolves with what was sent and acknowledged by the broker.
 */
export async function runSimulator(options: SimulatorOptions): Promise<SimulatorProgress> {
  const random = Math.random;
  const silentShare = options.silentShare ?? 0;
  const breach = new Set(options.breach ?? []);
  // The same devices stay silent in every run (a spread-out pick), never a breaching one.
  const active = options.devices.filter((d, i) => breach.has(d.code) || ((i + 1) * 7919) % 1000 >= silentShare * 1000);
  if (active.length === 0) {
    throw new Error('no device left to simulate');
  }
  const window = options.window ?? 500;
  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: options.connections ?? 4 }, (_, i) =>
      new Promise<MqttClient>((resolve, reject) => {
        const client = connect(options.url, { clientId: `yiwang-sim-${process.pid}-${i}`, clean: true, protocolVersion: 4, reconnectPeriod: 1_000 });
        client.once('connect', () => resolve(client));
        client.once('error', reject);
      }),
    ),
  );
  const lastTs = new Map<string, number>();
  const walk = createValueWalk(random);
  const inFlight = clients.map(() => 0);
  const progress: SimulatorProgress = { sent: 0, acknowledged: 0, faults: 0, elapsedMs: 0 };
  const started = Date.now();
  const limit = options.count ?? Infinity;
  let waiters: Array<() => void> = [];
  const wake = () => {
    const list = waiters;
    waiters = [];
    list.forEach((w) => w());
  };
  let lastReport = 0;
  try {
    while (progress.sent < limit && !options.signal?.aborted) {
      if (options.rate > 0) {
        const due = started + (progress.sent / options.rate) * 1000;
        const wait = due - Date.now();
        if (wait > 1) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      const index = progress.sent % clients.length;
      while (inFlight[index]! >= window) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const device = active[progress.sent % active.length]!;
      const profile = options.profiles.get(device.typeCode);
      if (!profile) {
        throw new Error(`no simulation profile for device type ${device.typeCode}`);
      }
      const ts = Math.max(Date.now(), (lastTs.get(device.code) ?? 0) + 1);
      lastTs.set(device.code, ts);
      const values = walk(device.code, profile, profile.intervalSeconds, ts, breach.has(device.code));
      const fault = options.faultRate !== undefined && random() < options.faultRate;
      const payload = fault ? brokenPayload(random, values) : JSON.stringify({ ts, values });
      progress.faults += fault ? 1 : 0;
      progress.sent += 1;
      inFlight[index]! += 1;
      clients[index]!.publish(telemetryTopic(options.topicPrefix, device.typeCode, device.code), payload, { qos: 1 }, () => {
        inFlight[index]! -= 1;
        progress.acknowledged += 1;
        wake();
      });
      if (Date.now() - lastReport > 500) {
        lastReport = Date.now();
        options.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
      }
    }
    while (inFlight.some((n) => n > 0)) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
  progress.elapsedMs = Date.now() - started;
  options.onProgress?.({ ...progress });
  return progress;
}

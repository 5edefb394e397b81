import { createGroupCommit, type Db } from '../../../kernel/db/index.js';
import type { RuleEvaluator } from '../rules/rule-evaluator.js';
import type { DeviceEntry, Directory } from './directory.js';
import { writeBatch, type IngestItem, type IngestOutcome } from './ingest.writer.js';
import { checkValues, parseBody, parsePayload, type Checked, type RejectReason, type TimeWindow } from './payload.js';
import { parseTelemetryTopic } from './topic.js';

/** A message as it arrived: from the broker (topic names the device) or over HTTP (device already known). */
export type IngestMessage =
  | { source: 'mqtt'; topic: string; payload: Buffer | string; receivedAt?: Date }
  | { source: 'http'; device: DeviceEntry; body: unknown; receivedAt?: Date };

export interface IngestStats {
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  /** Messages that could not be written at all (not acknowledged; the broker delivers them again). */
  failed: number;
}

export interface IngestPipeline {
  /**
   * Validates and stores one message; resolves once its batch has committed, with what
   * became of it. Rejects only when nothing could be written (database unreachable).
   */
  submit(message: IngestMessage): Promise<IngestOutcome>;
  /** Messages accepted by `submit` and not yet committed. */
  readonly pending: number;
  stats(): IngestStats;
  drain(): Promise<void>;
}

export interface PipelineOptions {
  db: Db;
  directory: Directory;
  evaluator: RuleEvaluator;
  topicPrefix: string;
  maxBatch: number;
  maxAgeDays: number;
  /** Largest payload accepted (default 16 KiB). */
  maxPayloadBytes?: number;
  /** Device clocks may run this far ahead (default 5 minutes). */
  maxAheadMs?: number;
}

const PAYLOAD_KEPT = 2_000;
// PostgreSQL text cannot hold NUL.
const printable = (text: string) => text.replaceAll('\u0000', '\uFFFD');

/**
 * The ingestion path shared by the MQTT consumer and the HTTP endpoint: validation against
 * the device type, then group commit — messages arriving while one batch is written go
 * together into the next (one transaction, one multi-row insert per table).
 */
export function createIngestPipeline(options: PipelineOptions): IngestPipeline {
  const { db, directory, evaluator, topicPrefix } = options;
  const maxPayloadBytes = options.maxPayloadBytes ?? 16 * 1024;
  const maxAgeMs = options.maxAgeDays * 86_400_000;
  const maxAheadMs = options.maxAheadMs ?? 5 * 60_000;
  const commit = createGroupCommit<IngestItem>({
    maxBatch: options.maxBatch,
    // Two batches in flight: one writes while the other commits.
    concurrency: 2,
    write: (items) => db.transaction().execute((trx) => writeBatch(trx, items, evaluator)),
  });
  const stats: IngestStats = { received: 0, stored: 0, duplicates: 0, rejected: 0, rejectedByReason: {}, failed: 0 };
  let pending = 0;

  function reject(message: IngestMessage, receivedAt: Date, reason: RejectReason, detail: string, device?: DeviceEntry, deviceCode?: string): IngestItem {
    const raw = message.source === 'mqtt' ? (typeof message.payload === 'string' ? message.payload : message.payload.subarray(0, PAYLOAD_KEPT * 4).toString('utf8')) : JSON.stringify(message.body) ?? '';
    return {
      kind: 'reject',
      source: message.source,
      topic: message.source === 'mqtt' ? printable(message.topic.slice(0, 500)) : null,
      deviceCode: device?.code ?? (deviceCode ? printable(deviceCode.slice(0, 100)) : null),
      deviceId: device?.id ?? null,
      reason,
      detail: printable(detail),
      payload: printable(raw.slice(0, PAYLOAD_KEPT)),
      receivedAt,
    };
  }

  async function prepare(message: IngestMessage, receivedAt: Date): Promise<IngestItem> {
    const window: TimeWindow = { now: receivedAt.getTime(), maxAgeMs, maxAheadMs };
    let device: DeviceEntry | undefined;
    let parsed: Checked<{ ts: Date; values: Record<string, unknown> }>;
    if (message.source === 'mqtt') {
      const named = parseTelemetryTopic(topicPrefix, message.topic);
      if (!named) {
        return reject(message, receivedAt, 'bad-topic', `topic is not ${topicPrefix}/v1/<type>/<device>/telemetry`);
      }
      if (Buffer.byteLength(message.payload) > maxPayloadBytes) {
        return reject(message, receivedAt, 'too-large', `payload exceeds ${maxPayloadBytes} bytes`, undefined, named.deviceCode);
      }
      device = await directory.device(named.deviceCode);
      if (!device) {
        return reject(message, receivedAt, 'unknown-device', 'no device is registered under this code', undefined, named.deviceCode);
      }
      if (device.typeCode !== named.typeCode) {
        return reject(message, receivedAt, 'type-mismatch', `device is of type ${device.typeCode}, topic says ${named.typeCode}`, device);
      }
      parsed = parsePayload(message.payload, window);
    } else {
      device = message.device;
      parsed = parseBody(message.body, window);
    }
    if (device.status === 'retired') {
      return reject(message, receivedAt, 'device-retired', 'device is retired', device);
    }
    if (!parsed.ok) {
      return reject(message, receivedAt, parsed.reason, parsed.detail, device);
    }
    const type = await directory.type(device.typeCode);
    const values = checkValues(parsed.value.values, type?.fields ?? new Map());
    if (!values.ok) {
      return reject(message, receivedAt, values.reason, values.detail, device);
    }
    return { kind: 'reading', device, type, rules: await directory.rulesFor(device), ts: parsed.value.ts, values: values.value, receivedAt };
  }

  function count(outcome: IngestOutcome): void {
    switch (outcome.status) {
      case 'stored':
        stats.stored += 1;
        break;
      case 'duplicate':
        stats.duplicates += 1;
        break;
      case 'rejected':
        stats.rejected += 1;
        stats.rejectedByReason[outcome.reason] = (stats.rejectedByReason[outcome.reason] ?? 0) + 1;
        break;
    }
  }

  return {
    async submit(message) {
      stats.received += 1;
      pending += 1;
      try {
        const receivedAt = message.receivedAt ?? new Date();
        let item = await prepare(message, receivedAt);
        try {
          await commit.add(item);
        } catch (error) {
          if (item.kind !== 'reading') {
            throw error;
          }
          // The reading failed on its own (its batch was retried item by item): keep a trace
          // and let it go, rather than have the broker redeliver it forever.
          item = reject(message, receivedAt, 'store-failed', String(error instanceof Error ? error.message : error).slice(0, 500), item.device);
          await commit.add(item);
        }
        count(item.outcome!);
        return item.outcome!;
      } catch (error) {
        stats.failed += 1;
        throw error;
      } finally {
        pending -= 1;
      }
    },
    get pending() {
      return pending;
    },
    stats: () => structuredClone(stats),
    drain: () => commit.drain(),
  };
}

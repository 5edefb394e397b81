import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import type { IngestSource, IotTables, Values } from '../iot.tables.js';
import type { DeviceReadings, RuleEvaluator } from '../rules/rule-evaluator.js';
import type { Rule } from '../rules/rule-engine.js';
import type { DeviceEntry, TypeEntry } from './directory.js';
import type { RejectReason } from './payload.js';

export type IngestOutcome = { status: 'stored' } | { status: 'duplicate' } | { status: 'rejected'; reason: RejectReason; detail: string };

export interface ReadingItem {
  kind: 'reading';
  device: DeviceEntry;
  type: TypeEntry | undefined;
  /** The rules that apply, looked up before the batch's transaction. */
  rules: Rule[];
  ts: Date;
  values: Values;
  receivedAt: Date;
  outcome?: IngestOutcome;
}

export interface RejectItem {
  kind: 'reject';
  source: IngestSource;
  topic: string | null;
  deviceCode: string | null;
  deviceId: number | null;
  reason: RejectReason;
  detail: string;
  payload: string;
  receivedAt: Date;
  outcome?: IngestOutcome;
}

export type IngestItem = ReadingItem | RejectItem;

const keyOf = (deviceId: number, ts: Date) => `${deviceId}|${ts.getTime()}`;

interface StateRow {
  device_id: number;
  last_ts: Date | null;
  data: Values;
  silent_since: Date | null;
}

/**
 * Writes one batch in the caller's transaction: rejected messages to the reject log,
 * readings to telemetry (a reading already stored — a broker's redelivery — is skipped),
 * the latest state of each device, and the rules over the new readings. Sets each item's
 * outcome. Readings older than a device's latest state are kept in history but neither
 * change its state nor its rules: brokers may deliver a device's messages out of order.
 */
export async function writeBatch(trx: Executor, items: IngestItem[], rules: RuleEvaluator): Promise<void> {
  const db = tablesOf<IotTables>(trx);
  const rejects = items.filter((i): i is RejectItem => i.kind === 'reject');
  if (rejects.length > 0) {
    await db
      .insertInto('iot_reject')
      .values(
        rejects.map((r) => ({
          received_at: r.receivedAt,
          source: r.source,
          topic: r.topic,
          device_code: r.deviceCode,
          device_id: r.deviceId,
          reason: r.reason,
          detail: r.detail,
          payload: r.payload,
        })),
      )
      .execute();
    for (const r of rejects) {
      r.outcome = { status: 'rejected', reason: r.reason, detail: r.detail };
    }
  }
  const readings = items.filter((i): i is ReadingItem => i.kind === 'reading');
  if (readings.length === 0) {
    return;
  }
  // In key order, so that two batches holding the same redelivered readings never wait on each other in a cycle.
  const ordered = [...readings].sort((a, b) => a.device.id - b.device.id || a.ts.getTime() - b.ts.getTime());
  const rows = JSON.stringify(ordered.map((r) => ({ device_id: r.device.id, ts: r.ts.toISOString(), data: r.values, received_at: r.receivedAt.toISOString() })));
  const inserted = await sql<{ device_id: number; ts: Date }>`
    insert into iot_telemetry (device_id, ts, data, received_at)
    select device_id, ts, data, received_at
    from jsonb_to_recordset(${rows}::jsonb) as x(device_id integer, ts timestamptz, data jsonb, received_at timestamptz)
    on conflict do nothing
    returning device_id, ts`.execute(trx);
  const fresh = new Set(inserted.rows.map((r) => keyOf(r.device_id, new Date(r.ts))));
  const byDevice = new Map<number, ReadingItem[]>();
  for (const reading of readings) {
    const key = keyOf(reading.device.id, reading.ts);
    // A second copy within the batch is a duplicate too.
    if (fresh.delete(key)) {
      reading.outcome = { status: 'stored' };
      byDevice.set(reading.device.id, [...(byDevice.get(reading.device.id) ?? []), reading]);
    } else {
      reading.outcome = { status: 'duplicate' };
    }
  }
  if (byDevice.size === 0) {
    return;
  }
  const ids = [...byDevice.keys()].sort((a, b) => a - b);
  // Locked in id order, so that batches of two nodes never wait on each other in a cycle.
  const states = await sql<StateRow>`
    select device_id, last_ts, data, silent_since from iot_device_state
    where device_id in (${sql.join(ids)}) order by device_id for update`.execute(trx);
  const stateOf = new Map(states.rows.map((s) => [s.device_id, s]));
  const updates: Array<{ device_id: number; last_ts: string | null; data: Values; last_seen_at: string }> = [];
  const evaluations: DeviceReadings[] = [];
  for (const id of ids) {
    const group = byDevice.get(id)!.sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const state = stateOf.get(id);
    const lastTs = state?.last_ts ? new Date(state.last_ts) : null;
    const newer = group.filter((r) => !lastTs || r.ts > lastTs);
    let data: Values = state?.data ?? {};
    for (const r of newer) {
      data = { ...data, ...r.values };
    }
    const seen = group.reduce((latest, r) => (r.receivedAt > latest ? r.receivedAt : latest), group[0]!.receivedAt);
    updates.push({ device_id: id, last_ts: (newer.at(-1)?.ts ?? lastTs)?.toISOString() ?? null, data, last_seen_at: seen.toISOString() });
    evaluations.push({
      device: group[0]!.device,
      previous: lastTs ? { ts: lastTs, values: state?.data ?? {} } : null,
      readings: newer.map((r) => ({ ts: r.ts, values: r.values })),
      wasSilent: Boolean(state?.silent_since),
      rules: group.at(-1)!.rules,
      type: group[0]!.type,
    });
  }
  await sql`
    update iot_device_state s
    set last_ts = x.last_ts, data = x.data, last_seen_at = greatest(s.last_seen_at, x.last_seen_at), silent_since = null
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(device_id integer, last_ts timestamptz, data jsonb, last_seen_at timestamptz)
    where s.device_id = x.device_id`.execute(trx);
  await rules.evaluate(trx, evaluations, new Date());
}

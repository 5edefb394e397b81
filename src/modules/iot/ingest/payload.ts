import type { TelemetryField, Values } from '../iot.tables.js';

/** Why a message was not stored; kept in the reject log and counted. */
export type RejectReason =
  | 'bad-topic'
  | 'too-large'
  | 'malformed-json'
  | 'bad-payload'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'unknown-device'
  | 'type-mismatch'
  | 'device-retired'
  | 'unknown-field'
  | 'bad-value'
  | 'out-of-range'
  | 'store-failed';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; detail: string };

export interface TimeWindow {
  now: number;
  /** Oldest accepted reading, in ms before `now`. */
  maxAgeMs: number;
  /** Device clocks may run ahead by this much. */
  maxAheadMs: number;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_FIELDS = 64;

const fail = (reason: RejectReason, detail: string): Checked<never> => ({ ok: false, reason, detail });

/** `ts` as ISO 8601 with a zone, or epoch milliseconds; kept to the millisecond. */
export function parseTimestamp(ts: unknown, window: TimeWindow): Checked<Date> {
  let ms: number;
  if (typeof ts === 'number' && Number.isInteger(ts)) {
    ms = ts;
  } else if (typeof ts === 'string' && ISO_WITH_ZONE.test(ts)) {
    ms = Date.parse(ts);
  } else {
    return fail('bad-timestamp', 'ts must be ISO 8601 with a time zone or epoch milliseconds');
  }
  if (!Number.isFinite(ms)) {
    return fail('bad-timestamp', `ts ${JSON.stringify(ts)} is not a valid time`);
  }
  if (ms < window.now - window.maxAgeMs) {
    return fail('stale-timestamp', `ts ${new Date(ms).toISOString()} is older than accepted`);
  }
  if (ms > window.now + window.maxAheadMs) {
    return fail('future-timestamp', `ts ${new Date(ms).toISOString()} is in the future`);
  }
  return { ok: true, value: new Date(ms) };
}

/** The JSON payload `{ "ts": …, "values": { field: value, … } }`, structurally. */
export function parsePayload(raw: Buffer | string, window: TimeWindow): Checked<{ ts: Date; values: Record<string, unknown> }> {
  let body: unknown;
  try {
    body = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return fail('malformed-json', 'payload is not JSON');
  }
  return parseBody(body, window);
}

/** The same checks on a payload already parsed (the HTTP endpoint's body). */
export function parseBody(body: unknown, window: TimeWindow): Checked<{ ts: Date; values: Record<string, unknown> }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail('bad-payload', 'payload must be a JSON object');
  }
  const { ts, values } = body as { ts?: unknown; values?: unknown };
  if (ts === undefined) {
    return fail('bad-timestamp', 'ts is missing');
  }
  const time = parseTimestamp(ts, window);
  if (!time.ok) {
    return time;
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return fail('bad-payload', 'values must be an object of field values');
  }
  const count = Object.keys(values).length;
  if (count === 0 || count > MAX_FIELDS) {
    return fail('bad-payload', `values must hold 1 to ${MAX_FIELDS} fields`);
  }
  return { ok: true, value: { ts: time.value, values: values as Record<string, unknown> } };
}

/** Checks each value against the device type's fields: known field, right type, in range. */
export function checkValues(values: Record<string, unknown>, fields: ReadonlyMap<string, TelemetryField>): Checked<Values> {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.get(key);
    if (!field) {
      return fail('unknown-field', `field ${JSON.stringify(key.slice(0, 64))} is not part of the device type`);
    }
    if (field.type === 'boolean') {
      if (typeof value !== 'boolean') {
        return fail('bad-value', `field ${key} must be true or false`);
      }
      out[key] = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (field.type === 'integer' && !Number.isInteger(value))) {
      return fail('bad-value', `field ${key} must be ${field.type === 'integer' ? 'an integer' : 'a number'}`);
    }
    if (field.min !== undefined && value < field.min) {
      return fail('out-of-range', `field ${key}: ${value} is below ${field.min} ${field.unit}`.trim());
    }
    if (field.max !== undefined && value > field.max) {
      return fail('out-of-range', `field ${key}: ${value} is above ${field.max} ${field.unit}`.trim());
    }
    out[key] = value;
  }
  return { ok: true, value: out };
}

import { describe, expect, it } from 'vitest';
import type { TelemetryField } from '../iot.tables.js';
import { checkValues, parsePayload } from './payload.js';

const now = Date.parse('2026-07-12T00:30:00Z');
const window = { now, maxAgeMs: 7 * 86_400_000, maxAheadMs: 5 * 60_000 };
const fields = new Map<string, TelemetryField>([
  ['level', { key: 'level', label: '水位', unit: 'm', type: 'number', min: 0, max: 40 }],
  ['battery', { key: 'battery', label: '电量', unit: '%', type: 'integer', min: 0, max: 100 }],
  ['open', { key: 'open', label: '开启', unit: '', type: 'boolean' }],
]);

const reason = (result: { ok: boolean; reason?: string }) => (result.ok ? 'ok' : result.reason);

describe('telemetry payloads', () => {
  it('takes ISO 8601 with a zone and epoch milliseconds, to the millisecond', () => {
    const iso = parsePayload('{"ts":"2026-07-12T08:30:00.1234+08:00","values":{"level":1}}', window);
    expect(iso).toMatchObject({ ok: true, value: { ts: new Date('2026-07-12T00:30:00.123Z') } });
    const epoch = parsePayload(Buffer.from(JSON.stringify({ ts: now - 1000, values: { level: 1 } })), window);
    expect(epoch).toMatchObject({ ok: true, value: { ts: new Date(now - 1000) } });
  });

  it('names what is wrong with a malformed message', () => {
    expect(reason(parsePayload('{"ts":', window))).toBe('malformed-json');
    expect(reason(parsePayload('[1,2]', window))).toBe('bad-payload');
    expect(reason(parsePayload('{"values":{"level":1}}', window))).toBe('bad-timestamp');
    expect(reason(parsePayload('{"ts":"2026-07-12 08:30","values":{"level":1}}', window))).toBe('bad-timestamp');
    expect(reason(parsePayload('{"ts":"2026-07-12T08:30:00","values":{"level":1}}', window))).toBe('bad-timestamp');
    expect(reason(parsePayload(JSON.stringify({ ts: now - 8 * 86_400_000, values: { level: 1 } }), window))).toBe('stale-timestamp');
    expect(reason(parsePayload(JSON.stringify({ ts: now + 6 * 60_000, values: { level: 1 } }), window))).toBe('future-timestamp');
    expect(reason(parsePayload(JSON.stringify({ ts: now, values: {} }), window))).toBe('bad-payload');
    expect(reason(parsePayload(JSON.stringify({ ts: now, values: [1] }), window))).toBe('bad-payload');
  });

  it('checks each value against the type: known field, type, range', () => {
    expect(checkValues({ level: 21.6, battery: 80, open: false }, fields)).toEqual({ ok: true, value: { level: 21.6, battery: 80, open: false } });
    expect(reason(checkValues({ depth: 1 }, fields))).toBe('unknown-field');
    expect(reason(checkValues({ level: '21.6' }, fields))).toBe('bad-value');
    expect(reason(checkValues({ battery: 80.5 }, fields))).toBe('bad-value');
    expect(reason(checkValues({ open: 1 }, fields))).toBe('bad-value');
    expect(reason(checkValues({ level: 41 }, fields))).toBe('out-of-range');
    expect(checkValues({ battery: -1 }, fields)).toMatchObject({ ok: false, reason: 'out-of-range', detail: 'field battery: -1 is below 0 %' });
  });
});

import { hasPermission, regionPrefix, type Principal } from '../../../kernel/auth/index.js';
import type { Db } from '../../../kernel/db/index.js';
import type { DevicesService } from '../devices/devices.service.js';
import { TelemetryRangeInvalid } from '../iot.errors.js';
import { IotPermissions } from '../iot.permissions.js';
import type { RejectSearch, RejectView, Telemetry, TelemetrySearch } from '../iot.schemas.js';
import { createTelemetryRepository } from './telemetry.repository.js';

const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
const MAX_RANGE_MS = 400 * 86_400_000;
const DEFAULT_RANGE_MS = 86_400_000;

/** The smallest round bucket that keeps a range within `points` buckets. */
export function bucketSecondsFor(rangeMs: number, points: number): number {
  const wanted = Math.ceil(rangeMs / 1000 / points);
  return NICE_SECONDS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86_400) * 86_400;
}

/** Telemetry history with downsampling, and the reject log. */
export function createTelemetryService(deps: { db: Db; devices: DevicesService }) {
  const repo = createTelemetryRepository(deps.db);
  return {
    async history(principal: Principal, code: string, query: TelemetrySearch): Promise<Telemetry> {
      const device = await deps.devices.get(principal, code);
      const to = query.to ? new Date(query.to) : new Date();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
      if (!(from < to) || to.getTime() - from.getTime() > MAX_RANGE_MS) {
        throw TelemetryRangeInvalid({ problem: 'from must be before to, at most 400 days apart' });
      }
      const known = device.type.fields.map((f) => f.key);
      const fields = query.fields ? [...new Set(query.fields.split(',').map((f) => f.trim()).filter(Boolean))] : known;
      const unknown = fields.filter((f) => !known.includes(f));
      if (unknown.length > 0 || fields.length === 0) {
        throw TelemetryRangeInvalid({ unknownFields: unknown });
      }
      const id = await deps.devices.idOf(principal, code);
      if (query.raw) {
        const rows = await repo.raw(id, from, to, query.points);
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          bucketSeconds: 0,
          fields,
          points: rows.map((r) => ({
            ts: new Date(r.ts).toISOString(),
            count: 1,
            values: Object.fromEntries(fields.map((f) => [f, typeof r.data[f] === 'boolean' ? Number(r.data[f]) : ((r.data[f] as number | undefined) ?? null)])),
          })),
        };
      }
      const bucketSeconds = bucketSecondsFor(to.getTime() - from.getTime(), query.points);
      const rows = await repo.buckets(id, from, to, bucketSeconds, fields);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        bucketSeconds,
        fields,
        points: rows.map((r) => ({ ts: r.ts.toISOString(), count: r.count, values: r.values, min: r.min, max: r.max })),
      };
    },
    /** Rejected messages of devices in the caller's region; those naming no device only for city-wide managers. */
    async rejects(principal: Principal, query: RejectSearch): Promise<{ items: RejectView[]; total: number; page: number; pageSize: number }> {
      const { items, total } = await repo.rejects({
        regionPrefix: regionPrefix(principal),
        unattributed: hasPermission(principal, IotPermissions.typeManage),
        deviceCode: query.deviceCode,
        reason: query.reason,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        items: items.map((r) => ({ receivedAt: new Date(r.received_at).toISOString(), source: r.source, topic: r.topic, deviceCode: r.device_code, reason: r.reason, detail: r.detail, payload: r.payload })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}

export type TelemetryService = ReturnType<typeof createTelemetryService>;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { DeviceCredentialInvalid, IngestUnavailable, TelemetryRejected } from '../iot.errors.js';
import { IotPermissions as P } from '../iot.permissions.js';
import { TelemetryAccepted } from '../iot.schemas.js';
import type { DeviceEntry } from './directory.js';
import type { IngestPipeline } from './pipeline.js';

const tags = ['iot'];

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-device-key'];
  if (typeof header === 'string' && header.length > 0) {
    return header;
  }
  const authorization = request.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : undefined;
}

/**
 * Telemetry over HTTP for devices that cannot speak MQTT: the same JSON and the same
 * checks, authenticated by the device's own credential (not a person's session or a
 * department's API key, hence `public` to the platform's guard).
 */
export function ingestRoutes(deps: { pipeline: IngestPipeline; authenticate(credential: string): Promise<DeviceEntry | null> }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/iot/telemetry',
      {
        schema: {
          tags,
          summary: '设备上报遥测（HTTP；凭设备凭证）',
          description:
            'Authorization: Bearer ywd_…（或 X-Device-Key）。正文与 MQTT 消息相同：{ "ts": ISO 8601 或毫秒时间戳, "values": { 字段: 数值 } }。不合格的数据记入拒收日志并返回 422。',
          // Checked by the ingestion path, so that a bad payload is logged with its reason.
          body: Type.Unknown(),
          response: { 200: TelemetryAccepted, 201: TelemetryAccepted },
          security: [],
        },
        config: { access: 'public' },
      },
      async (request, reply) => {
        const credential = credentialOf(request);
        const device = credential ? await deps.authenticate(credential) : null;
        if (!device) {
          throw DeviceCredentialInvalid();
        }
        const outcome = await deps.pipeline.submit({ source: 'http', device, body: request.body }).catch((error: unknown) => {
          request.log.error({ err: error }, 'telemetry could not be stored');
          throw IngestUnavailable();
        });
        switch (outcome.status) {
          case 'rejected':
            throw TelemetryRejected({ reason: outcome.reason, detail: outcome.detail });
          case 'duplicate':
            return reply.status(200).send({ status: 'duplicate' });
          case 'stored':
            return reply.status(201).send({ status: 'stored' });
        }
      },
    );
    app.get(
      '/iot/ingest/stats',
      {
        schema: {
          tags,
          summary: '本节点接收统计（启动以来）',
          response: {
            200: Type.Object({
              received: Type.Integer(),
              stored: Type.Integer(),
              duplicates: Type.Integer(),
              rejected: Type.Integer(),
              rejectedByReason: Type.Record(Type.String(), Type.Integer()),
              failed: Type.Integer(),
              pending: Type.Integer(),
            }),
          },
        },
        config: { access: P.read },
      },
      async () => ({ ...deps.pipeline.stats(), pending: deps.pipeline.pending }),
    );
  };
}

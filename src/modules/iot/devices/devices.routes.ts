import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../../kernel/auth/index.js';
import type { Db } from '../../../kernel/db/index.js';
import { IotPermissions as P } from '../iot.permissions.js';
import { iotRoute } from '../iot.route.js';
import {
  CodeParams,
  CredentialAnswer,
  DeviceBody,
  DeviceChange,
  DeviceDetailSchema,
  DevicePage,
  DeviceQuery,
  DeviceSchema,
  DeviceTypeBody,
  DeviceTypeChange,
  DeviceTypeSchema,
  ImportAnswer,
  Registered,
  RejectPage,
  RejectQuery,
  TelemetryAnswer,
  TelemetryQuery,
  TypeParams,
} from '../iot.schemas.js';
import type { TelemetryService } from '../telemetry/telemetry.service.js';
import { importDevicesCsv } from './device-import.js';
import type { DevicesService } from './devices.service.js';

/** Device types, the device register (with CSV import), telemetry history and the reject log. */
export function devicesRoutes(deps: { db: Db; devices: DevicesService; telemetry: TelemetryService }): FastifyPluginAsyncTypebox {
  const { devices, telemetry } = deps;
  return async (app) => {
    // Bulk registration takes the CSV file itself as the body.
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    app.get(
      '/iot/types',
      iotRoute(P.read, { summary: '设备类型（含遥测字段、单位、量程）', response: { 200: Type.Object({ items: Type.Array(DeviceTypeSchema) }) } }),
      async () => ({ items: await devices.listTypes() }),
    );
    app.post(
      '/iot/types',
      iotRoute(P.typeManage, { summary: '新增设备类型', body: DeviceTypeBody, response: { 201: DeviceTypeSchema } }),
      async (request, reply) => reply.status(201).send(await devices.createType(principalOf(request), request.body)),
    );
    app.patch(
      '/iot/types/:code',
      iotRoute(P.typeManage, { summary: '修改设备类型', params: TypeParams, body: DeviceTypeChange, response: { 200: DeviceTypeSchema } }),
      async (request) => devices.updateType(principalOf(request), request.params.code, request.body),
    );

    app.get(
      '/iot/devices',
      iotRoute(P.read, { summary: '设备列表（本辖区；按类型、状态、权属单位、区划、在线情况筛选）', querystring: DeviceQuery, response: { 200: DevicePage } }),
      async (request) => devices.search(principalOf(request), request.query),
    );
    app.post(
      '/iot/devices',
      iotRoute(P.deviceManage, { summary: '登记设备（返回一次性显示的设备凭证）', body: DeviceBody, response: { 201: Registered } }),
      async (request, reply) => reply.status(201).send(await devices.register(principalOf(request), request.body)),
    );
    app.post(
      '/iot/devices/import',
      {
        ...iotRoute(P.deviceManage, {
          summary: '批量登记设备（CSV，全部通过才写入；返回一次性显示的设备凭证）',
          description: 'Content-Type: text/csv. 列：code, type, name, vendor, model, owner（单位编码）, division, lon, lat, address, grid, installed_on, status（或中文表头）。',
          response: { 201: ImportAnswer },
        }),
        // A city's devices in one file: tens of thousands of rows.
        bodyLimit: 32 * 1024 * 1024,
      },
      async (request, reply) => {
        const text = typeof request.body === 'string' ? request.body : '';
        return reply.status(201).send(await importDevicesCsv({ db: deps.db, devices }, principalOf(request), text));
      },
    );
    app.get(
      '/iot/devices/:code',
      iotRoute(P.read, { summary: '设备详情（含最新状态）', params: CodeParams, response: { 200: DeviceDetailSchema } }),
      async (request) => devices.get(principalOf(request), request.params.code),
    );
    app.patch(
      '/iot/devices/:code',
      iotRoute(P.deviceManage, { summary: '修改设备（位置、状态等）', params: CodeParams, body: DeviceChange, response: { 200: DeviceSchema } }),
      async (request) => devices.update(principalOf(request), request.params.code, request.body),
    );
    app.post(
      '/iot/devices/:code/credential',
      iotRoute(P.deviceManage, { summary: '重新签发设备凭证（旧凭证失效）', params: CodeParams, response: { 201: CredentialAnswer } }),
      async (request, reply) => reply.status(201).send(await devices.rotateCredential(principalOf(request), request.params.code)),
    );
    app.get(
      '/iot/devices/:code/telemetry',
      iotRoute(P.read, { summary: '遥测历史（按时间范围，自动降采样）', params: CodeParams, querystring: TelemetryQuery, response: { 200: TelemetryAnswer } }),
      async (request) => telemetry.history(principalOf(request), request.params.code, request.query),
    );
    app.get(
      '/iot/rejects',
      iotRoute(P.read, { summary: '拒收日志（不合格的遥测消息及原因）', querystring: RejectQuery, response: { 200: RejectPage } }),
      async (request) => telemetry.rejects(principalOf(request), request.query),
    );
  };
}

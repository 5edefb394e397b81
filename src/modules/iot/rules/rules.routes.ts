import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../../kernel/auth/index.js';
import { IotPermissions as P } from '../iot.permissions.js';
import { iotRoute } from '../iot.route.js';
import { AlarmPage, AlarmQuery, AlarmSchema, IdParams, RuleBody, RuleChange, RuleQuery, RuleSchema } from '../iot.schemas.js';
import type { RulesService } from './rules.service.js';

/** Rules (threshold with duration, rate of change, silence; with hysteresis) and alarms. */
export function rulesRoutes(rules: RulesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/iot/rules',
      iotRoute(P.read, { summary: '告警规则（按设备类型或单台设备）', querystring: RuleQuery, response: { 200: Type.Object({ items: Type.Array(RuleSchema) }) } }),
      async (request) => ({ items: await rules.list(principalOf(request), request.query) }),
    );
    app.post(
      '/iot/rules',
      iotRoute(P.deviceManage, { summary: '新增规则（类型规则需 iot.type.manage，设备规则需 iot.device.manage）', body: RuleBody, response: { 201: RuleSchema } }),
      async (request, reply) => reply.status(201).send(await rules.create(principalOf(request), request.body)),
    );
    app.patch(
      '/iot/rules/:id',
      iotRoute(P.deviceManage, { summary: '修改规则（条件变化时，未消除的告警以“规则已修改”消除）', params: IdParams, body: RuleChange, response: { 200: RuleSchema } }),
      async (request) => rules.update(principalOf(request), request.params.id, request.body),
    );
    app.delete(
      '/iot/rules/:id',
      iotRoute(P.deviceManage, { summary: '删除规则（未消除的告警随之消除）', params: IdParams }),
      async (request, reply) => {
        await rules.remove(principalOf(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/iot/alarms',
      iotRoute(P.read, { summary: '告警列表（本辖区）', querystring: AlarmQuery, response: { 200: AlarmPage } }),
      async (request) => rules.alarms(principalOf(request), request.query),
    );
    app.get(
      '/iot/alarms/:id',
      iotRoute(P.read, { summary: '告警详情（含触发与消除时的读数）', params: IdParams, response: { 200: AlarmSchema } }),
      async (request) => rules.alarm(principalOf(request), request.params.id),
    );
  };
}

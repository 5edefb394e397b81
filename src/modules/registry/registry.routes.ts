import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { RegistryPermissions as P } from './registry.permissions.js';
import { EntityQuery, ImportRun, ImportRunQuery, MaskedEntity, MaskedPerson, PersonQuery, Summary } from './registry.schemas.js';
import type { RegistryService } from './registry.service.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function registryRoutes(registry: RegistryService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/registry/persons',
      {
        schema: { tags: ['registry'], summary: '按公民身份号码查询人口基础信息（脱敏，留痕）', querystring: PersonQuery, response: { 200: Type.Object({ person: MaskedPerson }) } },
        config: { access: P.read },
        // The request log would record the URL, clear ID number included; the audit log
        // records each lookup (actor, masked number, blind index) instead.
        logLevel: 'warn',
      },
      async (request) => ({ person: await registry.lookupPerson(principalOf(request), request.query.idNumber) }),
    );

    app.get(
      '/registry/entities',
      {
        schema: { tags: ['registry'], summary: '按统一社会信用代码查询法人基础信息（留痕）', querystring: EntityQuery, response: { 200: Type.Object({ entity: MaskedEntity }) } },
        config: { access: P.read },
      },
      async (request) => ({ entity: await registry.lookupEntity(principalOf(request), request.query.creditCode) }),
    );

    app.get(
      '/registry/summary',
      { schema: { tags: ['registry'], summary: '本辖区人口、法人数量（按区、状态、类型）', response: { 200: Summary } }, config: { access: P.read } },
      async (request) => registry.summary(principalOf(request)),
    );

    app.get(
      '/registry/imports',
      {
        schema: { tags: ['registry'], summary: '批量导入记录', querystring: ImportRunQuery, response: { 200: Type.Object({ items: Type.Array(ImportRun) }) } },
        config: { access: P.read },
      },
      async (request) => ({
        items: (await registry.listImportRuns(request.query.limit)).map((run) => ({ ...run, startedAt: iso(run.startedAt)!, completedAt: iso(run.completedAt) })),
      }),
    );
  };
}

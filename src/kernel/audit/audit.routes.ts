import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schema-types.js';
import type { AuditLog } from './audit-log.js';

/** Turns actors such as `user:<id>` into names people recognise; unknown ones are left out. */
export type ActorNamer = (actors: string[]) => Promise<Map<string, string>>;

const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  target: Nullable(Type.String()),
  details: Type.Any(),
  ip: Nullable(Type.String()),
  hash: Type.String(),
});

/** Adds `actorName` to audit records. */
export async function withActorNames<T extends { actor: string | null }>(records: T[], namer: ActorNamer): Promise<Array<T & { actorName: string | null }>> {
  const actors = [...new Set(records.map((r) => r.actor).filter((a): a is string => a !== null))];
  const names = actors.length > 0 ? await namer(actors) : new Map<string, string>();
  return records.map((r) => ({ ...r, actorName: r.actor ? (names.get(r.actor) ?? null) : null }));
}

/** `GET /audit`: the audit log, newest first, for holders of `audit.read`. */
export function auditRoutes(audit: AuditLog, namer: ActorNamer): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志（最新在前）',
          querystring: Type.Object({
            page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
            action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          }),
          response: { 200: Type.Object({ items: Type.Array(AuditItem), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) },
        },
        config: { access: 'audit.read' },
      },
      async (request) => {
        const page = await audit.list(request.query);
        return { ...page, items: await withActorNames(page.items, namer) };
      },
    );
  };
}

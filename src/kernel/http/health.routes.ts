import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({ status: Type.String(), pendingMigrations: Type.Array(Type.String()) });

/** `/healthz`: the process answers. `/readyz`: the database answers and is migrated. */
export async function healthRoutes(
  app: FastifyInstance,
  options: { ready: () => Promise<{ pending: string[] }> },
): Promise<void> {
  app.get('/healthz', { schema: { tags: ['system'], response: { 200: Health } }, config: { access: 'public' }, logLevel: 'warn' }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['system'], response: { 200: Ready, 503: Ready } }, config: { access: 'public' }, logLevel: 'warn' },
    async (request, reply) => {
      try {
        const { pending } = await options.ready();
        return reply.status(pending.length === 0 ? 200 : 503).send({ status: pending.length === 0 ? 'ready' : 'migrating', pendingMigrations: pending });
      } catch (error) {
        request.log.warn({ err: error }, 'database not reachable');
        return reply.status(503).send({ status: 'database-unreachable', pendingMigrations: [] });
      }
    },
  );
}

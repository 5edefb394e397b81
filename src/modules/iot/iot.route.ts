import type { FastifySchema } from 'fastify';
import type { RouteAccess } from '../../kernel/auth/index.js';

const tags = ['iot'];

/** A route's options in the IoT module: its schema, listed under the `iot` tag, and who may call it. */
export function iotRoute<S extends FastifySchema>(access: RouteAccess, schema: S & { summary: string }) {
  return { schema: { tags, ...schema }, config: { access } };
}

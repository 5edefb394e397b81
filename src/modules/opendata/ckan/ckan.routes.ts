import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from './ckan.actions.js';
import { CkanError, RawJson, type Params } from './ckan.params.js';

const tags = ['ckan'];
const Envelope = Type.Object({ help: Type.String(), success: Type.Boolean(), result: Type.Unknown() });
const ErrorEnvelope = Type.Object({ help: Type.String(), success: Type.Boolean(), error: Type.Record(Type.String(), Type.Unknown()) });
/** Parameters are read and checked by each action, as CKAN does, so that errors come in CKAN's shape. */
const AnyParams = Type.Record(Type.String(), Type.Unknown());

/** The site's base URL as the client reached it (behind a proxy when YIWANG_TRUST_PROXY is on). */
export const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const helpOf = (request: FastifyRequest, name: string) => `${baseUrlOf(request)}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
const actionOf = (request: FastifyRequest) => (request.url.split('?')[0] ?? '').split('/').pop() ?? '';

function badRequest(reply: FastifyReply, message: string) {
  return reply.status(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - ${message}`));
}

/**
 * CKAN's Action API at `/api/3/action/{name}` (and `/api/action/{name}`), GET with query
 * parameters or POST with a JSON object, public and read-only. Every answer is CKAN's
 * envelope `{help, success, result}`; failures `{help, success: false, error: {__type,
 * message}}` with CKAN's statuses (404 not found, 409 validation, 400 bad query); an
 * unknown action is CKAN's plain 400 "Bad request - Action name not known".
 */
export function ckanRoutes(actions: Record<string, Action>): FastifyPluginAsync {
  return async (app) => {
    app.setErrorHandler((error: FastifyError | CkanError, request, reply) => {
      const help = helpOf(request, actionOf(request));
      if (error instanceof CkanError) {
        const body = error.fields ? { ...error.fields, __type: error.type } : { __type: error.type, message: error.message };
        return reply.status(error.status).send({ help, success: false, error: body });
      }
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return badRequest(reply, `JSON Error: ${error.message}`);
      }
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return reply.status(error.statusCode).send({ help, success: false, error: { __type: 'Bad Request', message: error.message } });
      }
      request.log.error({ err: error }, 'CKAN action failed');
      return reply.status(500).send({ help, success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } });
    });

    for (const prefix of ['/api/3/action', '/api/action']) {
      for (const [name, action] of Object.entries(actions)) {
        app.route({
          method: ['GET', 'POST'],
          url: `${prefix}/${name}`,
          schema: {
            tags,
            summary: `CKAN ${name}`,
            hide: prefix !== '/api/3/action',
            querystring: AnyParams,
            response: { 200: Envelope, 400: ErrorEnvelope, 404: ErrorEnvelope, 409: ErrorEnvelope },
          },
          config: { access: 'public' },
          handler: async (request, reply) => {
            const body = request.body as unknown;
            if (request.method === 'POST' && body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
              return badRequest(reply, `Bad request data: Request data JSON decoded to ${JSON.stringify(body)} but it needs to be a dictionary.`);
            }
            const params = (request.method === 'POST' && body ? body : request.query) as Params;
            const result = await action(params, { base: baseUrlOf(request) });
            if (result instanceof RawJson) {
              return reply.type('application/json; charset=utf-8').send(`{"help":${JSON.stringify(helpOf(request, name))},"success":true,"result":${result.json}}`);
            }
            return { help: helpOf(request, name), success: true, result };
          },
        });
      }
      app.route({
        method: ['GET', 'POST'],
        url: `${prefix}/*`,
        schema: { hide: true },
        config: { access: 'public' },
        handler: async (request, reply) => badRequest(reply, `Action name not known: ${actionOf(request)}`),
      });
    }
    app.get('/api/3', { schema: { tags, summary: 'CKAN API version', response: { 200: Type.Object({ version: Type.Integer() }) } }, config: { access: 'public' } }, async () => ({ version: 3 }));
  };
}

import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../../kernel/auth/index.js';
import { AppError } from '../../../kernel/errors/index.js';
import { CasesPermissions } from '../cases.permissions.js';
import { Open311Error, render, renderError, toXmlDocument, type Format } from './open311.format.js';
import type { Open311Service, Params } from './open311.service.js';

const tags = ['open311'];
const ROOT = '/open311/v2';
const FORMATS: readonly Format[] = ['json', 'xml'];

/** `SJ-05-01.xml` → `['SJ-05-01', 'xml']`; another extension is not found. */
function splitFile(file: string): [string, Format] {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1);
  if (dot <= 0 || !(FORMATS as readonly string[]).includes(format)) {
    throw new Open311Error(404, 'not found: use the .json or .xml form of the resource');
  }
  return [decodeURIComponent(file.slice(0, dot)), format as Format];
}

const formatOf = (request: FastifyRequest): Format => ((request.url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json');

/** Query or form values as strings: repeated keys are joined by commas, `attribute: {type}` becomes `attribute[type]`. */
function paramsOf(source: unknown): Params {
  const params: Params = {};
  if (typeof source !== 'object' || source === null) {
    return params;
  }
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (key === 'attribute' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        params[`attribute[${name}]`] = String(v);
      }
    } else if (Array.isArray(value)) {
      params[key] = value.map(String).join(',');
    } else if (value !== null && value !== undefined && typeof value !== 'object') {
      params[key] = String(value as string | number | boolean);
    }
  }
  return params;
}

function send(reply: FastifyReply, format: Format, root: string, item: string, rows: readonly object[], status = 200) {
  const out = render(format, root, item, rows);
  return reply.status(status).type(out.type).send(out.body);
}

/** Open311's statuses: 400 bad input, 403 a missing, invalid or insufficient api_key, 404 not found. */
function statusOf(error: FastifyError | AppError): number {
  const status = error.statusCode ?? 500;
  return status === 401 ? 403 : status;
}

/**
 * Open311 GeoReport v2 at `/open311/v2/…` in JSON and XML. Reads are public; POST
 * requests need `api_key` (a yiwang API key with `cases.intake`, as a form field, query
 * parameter or X-API-Key header), checked and rate-limited by the platform's auth. Every
 * failure is `[{"code","description"}]` / `<errors><error>…` with the same HTTP status.
 */
export function open311Routes(service: Open311Service): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    app.setErrorHandler((error: FastifyError | AppError | Open311Error, request, reply) => {
      const format = formatOf(request);
      let status: number;
      let description: string;
      if (error instanceof Open311Error) {
        status = error.status;
        description = error.message;
      } else if (error instanceof AppError || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
        status = statusOf(error as FastifyError);
        description = error instanceof AppError ? `${error.message} (${error.code})` : error.message;
      } else {
        request.log.error({ err: error }, 'Open311 request failed');
        status = 500;
        description = 'internal error';
      }
      const out = renderError(format, status, description);
      return reply.status(status).type(out.type).send(out.body);
    });

    for (const format of FORMATS) {
      app.get(`${ROOT}/services.${format}`, { schema: { tags, summary: `Open311 服务类型列表（${format}）` }, config: { access: 'public' } }, async (request, reply) =>
        send(reply, format, 'services', 'service', await service.services(paramsOf(request.query))),
      );
      app.get(`${ROOT}/requests.${format}`, { schema: { tags, summary: `Open311 诉求查询（${format}），page/page_size 分页扩展` }, config: { access: 'public' } }, async (request, reply) => {
        const page = await service.requests(paramsOf(request.query));
        void reply.header('X-Total-Count', String(page.total));
        return send(reply, format, 'service_requests', 'request', page.items);
      });
      app.post(
        `${ROOT}/requests.${format}`,
        {
          schema: { tags, summary: `Open311 提交诉求（${format}），api_key 须有 cases.intake 权限` },
          config: { access: CasesPermissions.intake },
          // The platform's guard reads X-API-Key; Open311 clients send api_key as a field.
          preValidation: async (request) => {
            const key = paramsOf(request.body).api_key ?? paramsOf(request.query).api_key;
            if (key && !request.headers['x-api-key']) {
              request.headers['x-api-key'] = key;
            }
            // Only keys: a form posted cross-site with a staff member's session cookie must not open cases.
            if (!request.headers['x-api-key'] && !request.headers.authorization?.startsWith('Bearer ')) {
              throw new Open311Error(403, 'api_key is required');
            }
          },
        },
        async (request, reply) => {
          const params = { ...paramsOf(request.query), ...paramsOf(request.body) };
          return send(reply, format, 'service_requests', 'request', await service.submit(principalOf(request), params), 201);
        },
      );
      app.get(`${ROOT}/servicerequestupdates.${format}`, { schema: { tags, summary: `Open311 诉求进展（FixMyStreet 扩展，${format}）` }, config: { access: 'public' } }, async (request, reply) =>
        send(reply, format, 'service_request_updates', 'request_update', await service.updates(paramsOf(request.query))),
      );
    }

    app.get<{ Params: { file: string } }>(`${ROOT}/services/:file`, { schema: { tags, summary: 'Open311 服务定义（属性）' }, config: { access: 'public' } }, async (request, reply) => {
      const [code, format] = splitFile(request.params.file);
      const definition = await service.definition(paramsOf(request.query), code);
      if (format === 'json') {
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(definition));
      }
      return reply.type('text/xml; charset=utf-8').send(toXmlDocument('service_definition', definition));
    });
    app.get<{ Params: { file: string } }>(`${ROOT}/requests/:file`, { schema: { tags, summary: 'Open311 单个诉求' }, config: { access: 'public' } }, async (request, reply) => {
      const [id, format] = splitFile(request.params.file);
      return send(reply, format, 'service_requests', 'request', await service.request(paramsOf(request.query), id));
    });
    app.get<{ Params: { file: string } }>(`${ROOT}/tokens/:file`, { schema: { tags, summary: 'Open311 由 token 查工单编号' }, config: { access: 'public' } }, async (request, reply) => {
      const [token, format] = splitFile(request.params.file);
      return send(reply, format, 'service_requests', 'request', await service.token(paramsOf(request.query), token));
    });
    app.route({
      method: ['GET', 'POST'],
      url: `${ROOT}/*`,
      schema: { hide: true },
      config: { access: 'public' },
      handler: async () => {
        throw new Open311Error(404, 'not found');
      },
    });
  };
}

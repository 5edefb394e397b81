import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  BadRequest,
  InternalError,
  InvalidJson,
  PayloadTooLarge,
  RateLimited,
  RouteNotFound,
  UnsupportedMediaType,
  ValidationFailed,
} from '../errors/index.js';

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** Maps Fastify's own errors onto yiwang codes; anything unknown is a 500 with a logged id. */
function toAppError(error: FastifyError & { validation?: unknown; validationContext?: string }): AppError | null {
  if (error instanceof AppError) {
    return error;
  }
  if (error.validation) {
    const issues = (error.validation as Array<{ instancePath?: string; message?: string; params?: unknown }>).map((v) => ({
      location: error.validationContext ?? 'body',
      path: v.instancePath ?? '',
      message: v.message ?? 'invalid',
      params: v.params ?? null,
    }));
    return ValidationFailed({ issues });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return InvalidJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return PayloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return UnsupportedMediaType();
    default:
      break;
  }
  if (error.statusCode === 429) {
    return RateLimited(null, error.message);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(BadRequest.code, error.statusCode, error.message);
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toAppError(error);
    if (known) {
      if (known.statusCode >= 500) {
        request.log.error({ err: error }, known.message);
      }
      const body: ErrorBody = { error: { code: known.code, message: known.message, details: known.details } };
      return reply.status(known.statusCode).send(body);
    }
    const errorId = randomUUID();
    request.log.error({ err: error, errorId }, 'unhandled error');
    const body: ErrorBody = {
      error: { code: InternalError.code, message: InternalError.message, details: { errorId } },
    };
    return reply.status(500).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: RouteNotFound.code, message: RouteNotFound.message, details: { method: request.method, url: request.url } },
    };
    return reply.status(404).send(body);
  });
}

import { defineError } from './errors.js';

export const ValidationFailed = defineError('VALIDATION_FAILED', 400, '请求参数不合法');
export const BadRequest = defineError('BAD_REQUEST', 400, '请求有误');
export const InvalidJson = defineError('INVALID_JSON', 400, '请求体不是合法的 JSON');
export const PayloadTooLarge = defineError('PAYLOAD_TOO_LARGE', 413, '请求体过大');
export const UnsupportedMediaType = defineError('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的内容类型');
export const RouteNotFound = defineError('ROUTE_NOT_FOUND', 404, '接口不存在');
export const AuthRequired = defineError('AUTH_REQUIRED', 401, '请先登录');
export const AuthForbidden = defineError('AUTH_FORBIDDEN', 403, '无权访问');
export const RateLimited = defineError('RATE_LIMITED', 429, '请求过于频繁，请稍后再试');
export const Conflict = defineError('CONFLICT', 409, '数据已被他人修改，请刷新后重试');
export const NotReady = defineError('NOT_READY', 503, '服务尚未就绪');
export const InternalError = defineError('INTERNAL_ERROR', 500, '服务器内部错误');

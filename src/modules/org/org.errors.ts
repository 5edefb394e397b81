import { defineError } from '../../kernel/errors/index.js';

export const InvalidCredentials = defineError('AUTH_INVALID_CREDENTIALS', 401, '用户名或密码错误');
export const LoginRateLimited = defineError('AUTH_RATE_LIMITED', 429, '登录失败次数过多，请稍后再试');
export const DivisionNotFound = defineError('ORG_DIVISION_NOT_FOUND', 404, '行政区划不存在');
export const OrganisationNotFound = defineError('ORG_ORGANISATION_NOT_FOUND', 404, '单位不存在');
export const OrganisationExists = defineError('ORG_ORGANISATION_EXISTS', 409, '同一行政区划下已有同名单位或编码已被使用');
export const InvalidCreditCode = defineError('ORG_INVALID_CREDIT_CODE', 400, '统一社会信用代码不合法');
export const UserNotFound = defineError('ORG_USER_NOT_FOUND', 404, '用户不存在');
export const UsernameTaken = defineError('ORG_USERNAME_TAKEN', 409, '用户名已被使用');
export const WeakPassword = defineError('ORG_WEAK_PASSWORD', 400, '密码至少 10 位，且须包含字母和数字');
export const RoleNotFound = defineError('ORG_ROLE_NOT_FOUND', 400, '角色不存在');
export const OutsideRegion = defineError('ORG_OUTSIDE_REGION', 403, '不能管理本辖区以外的数据');
export const RoleNotGrantable = defineError('ORG_ROLE_NOT_GRANTABLE', 403, '不能授予超出自身权限的角色');
export const ApiKeyNotFound = defineError('ORG_API_KEY_NOT_FOUND', 404, 'API 密钥不存在');
export const ScopeNotGrantable = defineError('ORG_SCOPE_NOT_GRANTABLE', 403, '不能授予超出自身权限的密钥范围');
export const UserVersionConflict = defineError('ORG_USER_VERSION_CONFLICT', 409, '用户已被他人修改，请刷新后重试');

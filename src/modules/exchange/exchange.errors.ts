import { defineError } from '../../kernel/errors/index.js';

export const RequestNotFound = defineError('EXCHANGE_REQUEST_NOT_FOUND', 404, '共享申请不存在');
export const GrantNotFound = defineError('EXCHANGE_GRANT_NOT_FOUND', 404, '共享授权不存在');
export const ResourceNotShareable = defineError('EXCHANGE_RESOURCE_NOT_SHAREABLE', 409, '该数据资源不予共享或未发布，不能申请');
export const ResourceUnknown = defineError('EXCHANGE_RESOURCE_NOT_FOUND', 404, '数据资源不存在');
export const InvalidRequest = defineError('EXCHANGE_INVALID_REQUEST', 400, '共享申请的字段、期限、频率或明文理由不合要求');
export const OwnRequest = defineError('EXCHANGE_OWN_RESOURCE', 409, '本单位的数据资源无须申请共享');
export const NoOrganisation = defineError('EXCHANGE_NO_ORGANISATION', 403, '当前用户不属于任何单位，不能申请共享');
export const NotApprover = defineError('EXCHANGE_NOT_APPROVER', 403, '只有资源提供单位的数据管理员可以审批或撤销');
export const NotRequester = defineError('EXCHANGE_NOT_REQUESTER', 403, '只有申请单位可以撤回申请');
export const InvalidTransition = defineError('EXCHANGE_INVALID_TRANSITION', 409, '申请或授权的当前状态不允许此操作');
export const VersionConflict = defineError('EXCHANGE_VERSION_CONFLICT', 409, '申请已被他人处理，请刷新后重试');
export const NotNarrower = defineError('EXCHANGE_NOT_NARROWER', 400, '审批只能缩小申请的范围（字段、期限、频率、明文）');

export const ApiKeyRequired = defineError('EXCHANGE_API_KEY_REQUIRED', 403, '共享网关只接受部门系统的 API 密钥调用');
export const PurposeRequired = defineError('EXCHANGE_PURPOSE_REQUIRED', 400, '调用须在 X-Yiwang-Purpose 请求头或 purpose 参数中写明用途');
export const NoGrant = defineError('EXCHANGE_NO_GRANT', 403, '本单位没有该数据资源的有效共享授权');
export const GrantExpired = defineError('EXCHANGE_GRANT_EXPIRED', 403, '共享授权已过期');
export const GrantRevoked = defineError('EXCHANGE_GRANT_REVOKED', 403, '共享授权已被撤销');
export const FieldNotGranted = defineError('EXCHANGE_FIELD_NOT_GRANTED', 403, '请求的字段超出授权范围');
export const RateExceeded = defineError('EXCHANGE_RATE_EXCEEDED', 429, '调用频率超过授权上限');
export const OutsideRegion = defineError('EXCHANGE_OUTSIDE_REGION', 403, '查询对象不在授权的行政区域内');
export const InvalidIdentifier = defineError('EXCHANGE_INVALID_IDENTIFIER', 400, '公民身份号码或统一社会信用代码不合法');
export const SubjectNotFound = defineError('EXCHANGE_SUBJECT_NOT_FOUND', 404, '基础库中没有该查询对象');
export const ResourceUnavailable = defineError('EXCHANGE_RESOURCE_UNAVAILABLE', 503, '基础库资源尚未登记到目录');

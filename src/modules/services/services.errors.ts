import { defineError } from '../../kernel/errors/index.js';

export const ItemNotFound = defineError('SERVICES_ITEM_NOT_FOUND', 404, '政务服务事项不存在');
export const VersionConflict = defineError('SERVICES_VERSION_CONFLICT', 409, '事项已被他人修改，请刷新后重试');
export const ItemCodeTaken = defineError('SERVICES_ITEM_CODE_TAKEN', 409, '该实施主体已有此基本编码的事项');
export const InvalidStatusChange = defineError('SERVICES_INVALID_STATUS_CHANGE', 409, '事项当前状态不允许此操作');
export const NotManager = defineError('SERVICES_NOT_MANAGER', 403, '只能管理本单位（管理员：本地区）的事项');
export const OrganisationNotFound = defineError('SERVICES_ORGANISATION_NOT_FOUND', 400, '实施主体不存在');
export const OrganisationWithoutCreditCode = defineError('SERVICES_ORGANISATION_WITHOUT_CREDIT_CODE', 400, '实施主体没有统一社会信用代码，无法生成实施编码');
export const InvalidFormSchema = defineError('SERVICES_INVALID_FORM_SCHEMA', 400, '申请表单不是有效的 JSON Schema');
export const DuplicateMaterial = defineError('SERVICES_DUPLICATE_MATERIAL', 400, '申请材料名称重复');
export const MaterialConditionRequired = defineError('SERVICES_MATERIAL_CONDITION_REQUIRED', 400, '按情形提交的材料须写明情形');
export const PromiseExceedsLegalLimit = defineError('SERVICES_PROMISE_EXCEEDS_LEGAL_LIMIT', 400, '承诺办结时限不得超过法定办结时限');
export const ChannelDepthConflict = defineError('SERVICES_CHANNEL_DEPTH_CONFLICT', 400, '网上办理深度需要网上或掌上办理渠道');
export const UnknownRegion = defineError('SERVICES_UNKNOWN_REGION', 400, '跨域通办地区须为已知的市（州）或县级行政区');

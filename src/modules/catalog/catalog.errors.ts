import { defineError } from '../../kernel/errors/index.js';

export const ResourceNotFound = defineError('CATALOG_RESOURCE_NOT_FOUND', 404, '数据资源不存在');
export const VersionConflict = defineError('CATALOG_VERSION_CONFLICT', 409, '数据资源已被他人修改，请刷新后重试');
export const GradeTooLow = defineError('CATALOG_GRADE_TOO_LOW', 400, '资源分级不得低于其最敏感信息项的级别');
export const DuplicateField = defineError('CATALOG_DUPLICATE_FIELD', 400, '信息项名称重复');
export const ConditionRequired = defineError('CATALOG_CONDITION_REQUIRED', 400, '有条件共享或有条件开放须写明条件');
export const AttributeGradeConflict = defineError('CATALOG_ATTRIBUTE_GRADE_CONFLICT', 400, '共享或开放属性与数据分级不符');
export const NotOwner = defineError('CATALOG_NOT_OWNER', 403, '只能管理本单位的数据资源');
export const InvalidStatusChange = defineError('CATALOG_INVALID_STATUS_CHANGE', 409, '数据资源当前状态不允许此操作');
export const ResourceCodeTaken = defineError('CATALOG_RESOURCE_CODE_TAKEN', 409, '资源代码已被使用');
export const OwnerNotFound = defineError('CATALOG_OWNER_NOT_FOUND', 400, '资源提供单位不存在');

import { defineError } from '../../kernel/errors/index.js';

export const CaseNotFound = defineError('CASES_CASE_NOT_FOUND', 404, '案件不存在');
export const CaseVersionConflict = defineError('CASES_VERSION_CONFLICT', 409, '案件已被他人处理，请刷新后重试');
export const CaseClosed = defineError('CASES_CASE_CLOSED', 409, '案件已结案，不能再办理');
export const InvalidTransition = defineError('CASES_INVALID_TRANSITION', 409, '案件当前状态不允许此操作');
export const OutsideRegion = defineError('CASES_OUTSIDE_REGION', 403, '案件或承办单位不在本辖区');
export const NotAssigned = defineError('CASES_NOT_ASSIGNED', 403, '案件未派遣给本单位');
export const CategoryNotFound = defineError('CASES_CATEGORY_NOT_FOUND', 404, '案件类别不存在');
export const CategoryRequired = defineError('CASES_CATEGORY_REQUIRED', 400, '派遣前须确定案件类别');
export const OrganisationNotFound = defineError('CASES_ORGANISATION_NOT_FOUND', 404, '承办单位不存在');
export const DivisionNotFound = defineError('CASES_DIVISION_NOT_FOUND', 400, '行政区划代码不存在');
export const InvalidPhone = defineError('CASES_INVALID_PHONE', 400, '联系电话格式不正确');
export const ResponsibilityVersionConflict = defineError('CASES_RESPONSIBILITY_VERSION_CONFLICT', 409, '权责清单已被他人修改，请刷新后重试');

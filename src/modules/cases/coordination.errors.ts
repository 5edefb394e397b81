import { defineError } from '../../kernel/errors/index.js';

export const MergeIntoItself = defineError('CASES_MERGE_INTO_ITSELF', 400, '案件不能合并到自身');
export const MergeTargetClosed = defineError('CASES_MERGE_TARGET_CLOSED', 409, '主案件已结案，不能再合并');
export const MergeOtherRegion = defineError('CASES_MERGE_OTHER_REGION', 409, '两个案件不属于同一行政区划，不能合并');
export const EscalationTop = defineError('CASES_ESCALATION_TOP', 409, '案件已在市级办理，不能再上报');
export const EscalationNotAllowed = defineError('CASES_ESCALATION_NOT_ALLOWED', 403, '只有案件当前层级的派单员、承办人或网格员可以上报');
export const SummonNotAllowed = defineError('CASES_SUMMON_NOT_ALLOWED', 403, '只有街道（乡镇）层级的派单员或承办人可以吹哨');
export const NotSummoned = defineError('CASES_NOT_SUMMONED', 409, '本单位未被吹哨召集或已报到');
export const SuperviseNotAllowed = defineError('CASES_SUPERVISE_NOT_ALLOWED', 403, '只有市指挥中心可以督办');
export const InvalidDueAt = defineError('CASES_INVALID_DUE_AT', 400, '督办期限须晚于当前时间');

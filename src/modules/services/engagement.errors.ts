import { defineError } from '../../kernel/errors/index.js';

export const BundleNotFound = defineError('SERVICES_BUNDLE_NOT_FOUND', 404, '“一件事”主题不存在');
export const BundleApplicationNotFound = defineError('SERVICES_BUNDLE_APPLICATION_NOT_FOUND', 404, '“一件事”办件不存在');
export const PolicyNotFound = defineError('SERVICES_POLICY_NOT_FOUND', 404, '免申即享政策不存在');
export const NotPolicyOfficer = defineError('SERVICES_NOT_POLICY_OFFICER', 403, '只能运行和查看本单位（管理员：本地区）的免申即享政策');
export const AlreadyRated = defineError('SERVICES_ALREADY_RATED', 409, '该办件已评价，每个办件只能评价一次');
export const NotFinished = defineError('SERVICES_NOT_FINISHED', 409, '办件办结后才能评价');
export const RectificationNotFound = defineError('SERVICES_RECTIFICATION_NOT_FOUND', 404, '整改任务不存在');
export const RectificationAnswered = defineError('SERVICES_RECTIFICATION_ANSWERED', 409, '该整改任务已反馈');

import { defineError } from '../../kernel/errors/index.js';

export const GridNotFound = defineError('GRID_NOT_FOUND', 404, '该位置不在本市任何网格内');
export const AreaNotFound = defineError('GRID_AREA_NOT_FOUND', 404, '网格区域不存在');
export const NotAGrid = defineError('GRID_NOT_A_GRID', 400, '只能为网格（第五级）指派网格员');
export const UserNotFound = defineError('GRID_USER_NOT_FOUND', 400, '指派的用户不存在');
export const OutsideRegion = defineError('GRID_OUTSIDE_REGION', 403, '该网格不在本辖区');
export const WorkerIdentityRequired = defineError('GRID_WORKER_IDENTITY_REQUIRED', 400, '网格员须填写姓名或平台用户名');

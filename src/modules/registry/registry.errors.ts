import { defineError } from '../../kernel/errors/index.js';

export const InvalidIdNumber = defineError('REGISTRY_INVALID_ID_NUMBER', 400, '公民身份号码不合法');
export const InvalidCreditCode = defineError('REGISTRY_INVALID_CREDIT_CODE', 400, '统一社会信用代码不合法');
export const PersonNotFound = defineError('REGISTRY_PERSON_NOT_FOUND', 404, '人口基础库中没有该公民身份号码');
export const EntityNotFound = defineError('REGISTRY_ENTITY_NOT_FOUND', 404, '法人基础库中没有该统一社会信用代码');
export const ImportHeaderInvalid = defineError('REGISTRY_IMPORT_HEADER_INVALID', 400, 'CSV 文件的表头缺少必需的列或有重复的列');
export const ImportFileUnreadable = defineError('REGISTRY_IMPORT_FILE_UNREADABLE', 400, '导入文件不存在或无法读取');
export const FieldKeyMismatch = defineError('REGISTRY_FIELD_KEY_MISMATCH', 500, '字段加密主密钥与数据库中已有数据所用的密钥不一致');

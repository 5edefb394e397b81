import { defineError } from '../../kernel/errors/index.js';

export const LicenseNotFound = defineError('LICENSES_LICENSE_NOT_FOUND', 404, '电子证照不存在');
export const TypeNotFound = defineError('LICENSES_TYPE_NOT_FOUND', 404, '证照类型不存在');
export const InvalidIdentifier = defineError('LICENSES_INVALID_IDENTIFIER', 400, '证照标识格式不符合 GB/T 36904 或校验位错误');
export const InvalidHolder = defineError('LICENSES_INVALID_HOLDER', 400, '持证主体代码不合法或与证照类型的持证主体类别不符');
export const InvalidLicense = defineError('LICENSES_INVALID_LICENSE', 400, '照面信息或有效期不合要求');
export const AlreadyRevoked = defineError('LICENSES_ALREADY_REVOKED', 409, '电子证照已注销');
export const ForeignNotAccepted = defineError('LICENSES_FOREIGN_NOT_ACCEPTED', 422, '外地电子证照未通过验证，不予互认');
export const KeyInvalid = defineError('LICENSES_KEY_INVALID', 400, '公钥不是有效的 SM2 公钥');
export const KeyExists = defineError('LICENSES_KEY_EXISTS', 409, '该公钥已登记');
export const KeyNotFound = defineError('LICENSES_KEY_NOT_FOUND', 404, '受信任的城市公钥不存在或已撤销');
export const ForeignNotRevocable = defineError('LICENSES_FOREIGN_NOT_REVOCABLE', 409, '外地电子证照只能由颁发城市注销');

import { defineError } from '../../kernel/errors/index.js';

export const DeviceTypeNotFound = defineError('IOT_DEVICE_TYPE_NOT_FOUND', 404, '设备类型不存在');
export const DeviceTypeExists = defineError('IOT_DEVICE_TYPE_EXISTS', 409, '设备类型编码已存在');
export const DeviceTypeInvalid = defineError('IOT_DEVICE_TYPE_INVALID', 400, '遥测字段定义不合要求');
export const DeviceNotFound = defineError('IOT_DEVICE_NOT_FOUND', 404, '设备不存在或不在本辖区');
export const DeviceExists = defineError('IOT_DEVICE_EXISTS', 409, '设备编码已存在');
export const DeviceInvalid = defineError('IOT_DEVICE_INVALID', 400, '设备信息不合要求');
export const OwnerNotFound = defineError('IOT_OWNER_NOT_FOUND', 404, '权属单位不存在或不在本辖区');
export const OutsideRegion = defineError('IOT_OUTSIDE_REGION', 403, '设备所在区划不在本辖区');
export const CsvInvalid = defineError('IOT_CSV_INVALID', 400, 'CSV 文件不合要求（表头或编码）');
export const RuleNotFound = defineError('IOT_RULE_NOT_FOUND', 404, '规则不存在或不在本辖区');
export const RuleInvalid = defineError('IOT_RULE_INVALID', 400, '规则条件不合要求');
export const AlarmNotFound = defineError('IOT_ALARM_NOT_FOUND', 404, '告警不存在或不在本辖区');
export const TelemetryRangeInvalid = defineError('IOT_TELEMETRY_RANGE_INVALID', 400, '查询时间范围或字段不合要求');
export const DeviceCredentialInvalid = defineError('IOT_DEVICE_CREDENTIAL_INVALID', 401, '设备凭证无效或设备已停用');
export const TelemetryRejected = defineError('IOT_TELEMETRY_REJECTED', 422, '遥测数据不合设备类型的要求，已记入拒收日志');
export const IngestUnavailable = defineError('IOT_INGEST_UNAVAILABLE', 503, '遥测数据暂时无法写入，请稍后重试');

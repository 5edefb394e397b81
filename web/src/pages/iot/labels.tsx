import { Tag } from 'antd';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { iotApi, type Device, type DeviceStatus, type DeviceType, type Severity } from './api';

const SEVERITY_COLORS: Record<Severity, string> = { minor: 'blue', major: 'orange', critical: 'red' };
const STATUS_COLORS: Record<DeviceStatus, string> = { active: 'success', maintenance: 'warning', retired: 'default' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`iot.severity.${severity}`)}</Tag>;
}

export function DeviceStatusTag({ status }: { status: DeviceStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`iot.status.${status}`)}</Tag>;
}

/** 在线 / 离线 / 从未上报, from the device's last message and silence. */
export function ConnectivityTag({ device }: { device: Pick<Device, 'lastSeenAt' | 'silentSince'> }) {
  const { t } = useI18n();
  if (device.lastSeenAt === null) {
    return <Tag>{t('iot.connectivity.never')}</Tag>;
  }
  return device.silentSince ? <Tag color="default">{t('iot.connectivity.silent')}</Tag> : <Tag color="green">{t('iot.connectivity.reporting')}</Tag>;
}

/** The device types, for filters and names. */
export function useDeviceTypes() {
  return useApiQuery((signal) => iotApi.types(signal), []);
}

export function typeName(types: DeviceType[] | undefined, code: string): string {
  return types?.find((type) => type.code === code)?.name ?? code;
}

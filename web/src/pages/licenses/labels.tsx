import { Tag } from 'antd';
import type { VerifyStatus } from '../../api/licenses';
import { useT } from '../../i18n';

const COLORS: Record<VerifyStatus, string> = { valid: 'success', expired: 'warning', revoked: 'error', forged: 'error', unknown: 'default' };

/** 有效 / 已过期 / 已注销 / 验证失败 as a coloured tag. */
export function LicenseStateTag({ state }: { state: VerifyStatus }) {
  const t = useT();
  return <Tag color={COLORS[state]}>{t(`licenses.state.${state}`)}</Tag>;
}

/** The validity period; no end date means 长期有效. */
export function validity(validFrom: string, validTo: string | null, longTerm: string): string {
  return `${validFrom} ~ ${validTo ?? longTerm}`;
}

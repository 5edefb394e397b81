import { Tag } from 'antd';
import type { GrantStatus, RequestStatus } from '../../api/exchange';
import { useI18n } from '../../i18n';

const COLORS: Record<RequestStatus | GrantStatus, string> = {
  pending: 'processing',
  approved: 'success',
  narrowed: 'cyan',
  rejected: 'error',
  withdrawn: 'default',
  active: 'success',
  expired: 'warning',
  revoked: 'error',
};

/** The state of a request or a grant as a coloured tag. */
export function StateTag({ status }: { status: RequestStatus | GrantStatus }) {
  const { t } = useI18n();
  return <Tag color={COLORS[status]}>{t(`exchange.status.${status}`)}</Tag>;
}

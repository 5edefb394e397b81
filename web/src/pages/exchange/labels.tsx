import { Tag, Typography } from 'antd';
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

/** The period on one line, the rate under it: two narrow lines instead of two columns. */
export function PeriodCell({ validFrom, validTo, ratePerMinute }: { validFrom: string; validTo: string; ratePerMinute: number }) {
  const { t } = useI18n();
  return (
    <div style={{ whiteSpace: 'nowrap' }}>
      <div>{`${validFrom} ~ ${validTo}`}</div>
      <Typography.Text type="secondary">{t('exchange.ratePerMinute', { rate: ratePerMinute })}</Typography.Text>
    </div>
  );
}

/** Field labels, with a 明文 tag when clear text was asked for or granted. */
export function FieldsCell({ labels, clearText }: { labels: string; clearText: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {labels}
      {clearText && (
        <Tag color="orange" style={{ marginInlineStart: 6 }}>
          {t('exchange.clearTextTag')}
        </Tag>
      )}
    </>
  );
}

/** A name with a secondary line under it (a resource and its code, a consumer and the time). */
export function TwoLines({ main, sub, code = false }: { main: string; sub: string; code?: boolean }) {
  return (
    <div>
      <div>{main}</div>
      <Typography.Text type="secondary" code={code} style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {sub}
      </Typography.Text>
    </div>
  );
}

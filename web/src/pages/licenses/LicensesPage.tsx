import { App, Button, Card, Descriptions, Drawer, Flex, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, useAuth } from '../../auth/AuthContext';
import { isApiError } from '../../api/client';
import { licensesApi, type License } from '../../api/licenses';
import { PagedTable } from '../../components/PagedTable';
import { PageTitle } from '../../components/PageTitle';
import { SearchBox } from '../../components/SearchBox';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';
import { LicenseStateTag, validity } from './labels';
import './verify.css';

type StatusFilter = 'all' | 'valid' | 'revoked';

/** One license: metadata, surface data, QR code, signed document, verification page. */
function LicenseDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, locale } = useI18n();
  const detail = useApiQuery((signal) => licensesApi.get(id, signal), [id]);
  const types = useApiQuery((signal) => licensesApi.types(signal), []);
  const license = detail.data;
  // Surface fields by their type's labels (营业执照: 类型, 法定代表人 …); the key when unknown.
  const labelOf = (key: string) => types.data?.items.find((type) => type.code === license?.type.code)?.fields.find((f) => f.name === key)?.label ?? key;
  return (
    <Drawer open title={license?.name ?? t('common.loading')} onClose={onClose} size="large" data-testid="license-drawer">
      {license !== undefined && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('licenses.field.state')}>
              <LicenseStateTag state={license.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.identifier')}>
              <span className="yw-verify-mono">{license.identifier}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.number')}>{license.number}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.type')}>{`${license.type.name}（${license.type.code}）`}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.holder')}>{license.holder.name}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.holderCode')}>{license.holder.code}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.issuer')}>{`${license.issuer.name}（${license.issuer.code}）`}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.issuedOn')}>{license.issuedOn}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.validity')}>{validity(license.validFrom, license.validTo, t('licenses.longTerm'))}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.relatedItem')}>{license.relatedItem ? `${license.relatedItem.name}（${license.relatedItem.code}）` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('licenses.field.jurisdiction')}>{license.jurisdiction}</Descriptions.Item>
            {license.revokedAt !== null && (
              <Descriptions.Item label={t('licenses.field.revokedAt')}>{`${formatDateTime(license.revokedAt, locale)} ${license.revokeReason ?? ''}`}</Descriptions.Item>
            )}
            {Object.entries(license.data).map(([key, value]) => (
              <Descriptions.Item key={key} label={labelOf(key)}>
                {typeof value === 'string' ? value : JSON.stringify(value)}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('licenses.field.key')}>
              <span className="yw-verify-mono">{license.keyFingerprint}</span>
            </Descriptions.Item>
          </Descriptions>
          <Flex gap={16} align="center" wrap>
            <img className="yw-verify-qr" style={{ margin: 0 }} src={licensesApi.qrUrl(license.identifier)} alt={t('licenses.verify.qr')} />
            <Space direction="vertical">
              <a href={licensesApi.documentUrl(license.id)} download={`${license.identifier}.json`}>
                <Button>{t('licenses.download')}</Button>
              </a>
              <Link to={`/verify/${encodeURIComponent(license.identifier)}`} target="_blank">
                {t('licenses.openVerify')}
              </Link>
            </Space>
          </Flex>
        </Flex>
      )}
    </Drawer>
  );
}

/** 电子证照: the region's licenses, searchable, with details and revocation (注销). */
export default function LicensesPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { session } = useAuth();
  const canRevoke = session.status === 'signedIn' && hasPermission(session.me, 'licenses.revoke');
  const { q, params, update } = useListParams();
  const status = (params.get('status') ?? 'all') as StatusFilter;
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  function revoke(license: License) {
    let reason = '';
    modal.confirm({
      title: t('licenses.revokeTitle', { name: license.name, holder: license.holder.name }),
      content: <Input.TextArea rows={3} placeholder={t('licenses.revokeReason')} onChange={(e) => (reason = e.target.value)} data-testid="license-revoke-reason" />,
      okButtonProps: { danger: true },
      okText: t('licenses.revoke'),
      onOk: async () => {
        if (reason.trim() === '') {
          void message.warning(t('licenses.revokeReasonRequired'));
          throw new Error('reason required');
        }
        try {
          await licensesApi.revoke(license.id, reason.trim());
          void message.success(t('licenses.revoked'));
          setVersion((n) => n + 1);
        } catch (error) {
          void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
          throw error;
        }
      },
    });
  }

  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('nav.licenses')}</PageTitle>
      <Card>
        <Flex vertical gap={16}>
          <Flex gap={16} wrap align="center">
            <SearchBox placeholder={t('licenses.search')} />
            <Segmented<StatusFilter>
              value={status}
              onChange={(value) => update({ status: value === 'all' ? null : value, page: null })}
              options={[
                { value: 'all', label: t('licenses.filter.all') },
                { value: 'valid', label: t('licenses.filter.valid') },
                { value: 'revoked', label: t('licenses.filter.revoked') },
              ]}
            />
          </Flex>
          <PagedTable<License>
            rowKey="id"
            filterKey={`${q}|${status}|${version}`}
            load={(page, signal) => licensesApi.list({ ...page, q, ...(status === 'all' ? {} : { status }) }, signal)}
            columns={[
              { title: t('licenses.field.name'), render: (_, l) => <Typography.Link onClick={() => setOpen(l.id)}>{l.name}</Typography.Link> },
              { title: t('licenses.field.number'), dataIndex: 'number', render: (v: string) => <span className="yw-mono">{v}</span> },
              { title: t('licenses.field.holder'), render: (_, l) => l.holder.name },
              { title: t('licenses.field.issuer'), render: (_, l) => l.issuer.name },
              { title: t('licenses.field.issuedOn'), dataIndex: 'issuedOn' },
              { title: t('licenses.field.validity'), render: (_, l) => validity(l.validFrom, l.validTo, t('licenses.longTerm')) },
              { title: t('licenses.field.state'), render: (_, l) => <LicenseStateTag state={l.state} /> },
              {
                title: t('licenses.actions'),
                render: (_, l) => (
                  <Space>
                    <Button size="small" onClick={() => setOpen(l.id)}>
                      {t('licenses.details')}
                    </Button>
                    {canRevoke && l.status === 'valid' && l.origin === 'local' && (
                      <Button size="small" danger onClick={() => revoke(l)} data-testid="license-revoke">
                        {t('licenses.revoke')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Flex>
      </Card>
      {open !== null && <LicenseDrawer id={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

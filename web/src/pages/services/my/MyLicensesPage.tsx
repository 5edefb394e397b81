import { DownloadOutlined, QrcodeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Empty, Flex, Modal, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { API_BASE } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { myApi, type MyLicense } from '../applications-api';
import { MyTabs } from './MyTabs';
import { RequireApplicant } from './SignIn';
import './apply.css';

const STATE_COLOURS: Record<MyLicense['state'], string> = { valid: 'success', expired: 'warning', revoked: 'error' };

function LicenseCard({ license, onQr, t }: { license: MyLicense & { relatedItem: { name: string } | null; labels: Record<string, string> }; onQr: () => void; t: Translate }) {
  const data = Object.entries(license.data);
  return (
    <Card size="small" className="yw-apply-license" data-testid="my-license" data-identifier={license.identifier}>
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Flex gap={8} align="center" style={{ minWidth: 0 }}>
            <SafetyCertificateOutlined style={{ fontSize: 22, color: '#1554ad' }} />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {license.type.name}
            </Typography.Text>
          </Flex>
          <Tag color={STATE_COLOURS[license.state]}>{t(`services.license.state.${license.state}`)}</Tag>
        </Flex>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('services.license.number')}>
            <span className="yw-services-mono">{license.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('services.license.identifier')}>
            <span className="yw-services-mono yw-apply-break">{license.identifier}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('services.license.issuer')}>{license.issuer.name}</Descriptions.Item>
          <Descriptions.Item label={t('services.license.validity')}>
            {license.validFrom} ~ {license.validTo ?? t('services.license.longTerm')}
          </Descriptions.Item>
          {license.relatedItem !== null && <Descriptions.Item label={t('services.license.item')}>{license.relatedItem.name}</Descriptions.Item>}
        </Descriptions>
        {data.length > 0 && (
          <Collapse
            size="small"
            items={[
              {
                key: 'data',
                label: t('services.license.data'),
                children: (
                  <Descriptions size="small" column={1} bordered>
                    {data.map(([key, value]) => (
                      <Descriptions.Item key={key} label={license.labels[key] ?? key}>
                        {String(value)}
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                ),
              },
            ]}
          />
        )}
        <Flex gap={8} wrap>
          <Button icon={<DownloadOutlined />} href={myApi.licenseDocumentUrl(license.id)} download={`${license.identifier}.json`} data-testid="license-download">
            {t('services.license.download')}
          </Button>
          <Button icon={<QrcodeOutlined />} onClick={onQr} data-testid="license-qr">
            {t('services.license.qr')}
          </Button>
          <Button type="link" href={`/verify/${encodeURIComponent(license.identifier)}`} target="_blank" rel="noopener">
            {t('services.license.verify')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

function Licenses() {
  const { t } = useI18n();
  const [qr, setQr] = useState<MyLicense | null>(null);
  const { data, error, reload } = useApiQuery((signal) => myApi.licenses(signal), []);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  return (
    <>
      {data.items.length === 0 ? (
        <Empty description={t('services.license.none')} />
      ) : (
        <div className="yw-apply-license-grid">
          {data.items.map((license) => (
            <LicenseCard key={license.id} license={license} onQr={() => setQr(license)} t={t} />
          ))}
        </div>
      )}
      <Modal open={qr !== null} onCancel={() => setQr(null)} footer={null} title={qr?.type.name} width={340} centered>
        {qr !== null && (
          <Flex vertical align="center" gap={8}>
            <img src={`${API_BASE}/licenses/verify/${encodeURIComponent(qr.identifier)}/qr.svg`} alt={t('services.license.qr')} width={240} height={240} data-testid="license-qr-image" />
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('services.license.qrHint')}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </>
  );
}

/** 我的证照: the applicant's e-licenses, signed document download, QR code (亮证) and verification. */
export default function MyLicensesPage() {
  return (
    <RequireApplicant>
      <MyTabs active="licenses" />
      <Licenses />
    </RequireApplicant>
  );
}

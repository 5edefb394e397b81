import { Button, Card, Descriptions, Flex, Input, Result, Spin, Typography, Upload } from 'antd';
import type { ResultProps } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { licensesApi, type Verification, type VerifyStatus } from '../../api/licenses';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { validity } from './labels';
import './verify.css';

const RESULT: Record<VerifyStatus, ResultProps['status']> = { valid: 'success', expired: 'warning', revoked: 'error', forged: 'error', unknown: 'warning' };

/** The verdict and the non-sensitive fields of one verification. */
function VerificationView({ verification, showQr }: { verification: Verification; showQr: boolean }) {
  const { t, locale } = useI18n();
  const { status, license, signer } = verification;
  return (
    <>
      <Result
        status={RESULT[status]}
        title={<span data-testid="verify-status">{t(`licenses.state.${status}`)}</span>}
        subTitle={t(`licenses.verify.explain.${status}`)}
      />
      {license !== null && (
        <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('licenses.field.name')}>{license.name}</Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.number')}>
            <span className="yw-verify-mono">{license.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.holder')}>{license.holderName}</Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.holderCode')}>
            <span className="yw-verify-mono">{license.holderCode}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.issuer')}>{license.issuerName}</Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.issuedOn')}>{license.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('licenses.field.validity')}>{validity(license.validFrom, license.validTo, t('licenses.longTerm'))}</Descriptions.Item>
          {verification.revokedAt !== null && <Descriptions.Item label={t('licenses.field.revokedAt')}>{formatDateTime(verification.revokedAt, locale)}</Descriptions.Item>}
          <Descriptions.Item label={t('licenses.field.identifier')}>
            <span className="yw-verify-mono">{license.identifier}</span>
          </Descriptions.Item>
          {signer !== null && (
            <Descriptions.Item label={t('licenses.field.signer')}>
              {signer.scope === 'local' ? t('licenses.signer.local', { city: signer.cityName }) : t('licenses.signer.trusted', { city: signer.cityName })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {showQr && license !== null && status !== 'forged' && (
        <img className="yw-verify-qr" src={licensesApi.qrUrl(license.identifier)} alt={t('licenses.verify.qr')} data-testid="verify-qr" />
      )}
    </>
  );
}

function ByIdentifier({ identifier }: { identifier: string }) {
  const { t } = useI18n();
  const result = useApiQuery((signal) => licensesApi.verify(identifier, signal), [identifier]);
  if (result.loading && result.data === undefined) {
    return <Spin />;
  }
  if (result.error !== null) {
    const invalid = isApiError(result.error) && result.error.code === 'LICENSES_INVALID_IDENTIFIER';
    const limited = isApiError(result.error) && result.error.code === 'RATE_LIMITED';
    return (
      <Result
        status={invalid ? 'error' : 'warning'}
        title={<span data-testid="verify-status">{invalid ? t('licenses.state.forged') : t('error.load.title')}</span>}
        subTitle={invalid ? t('licenses.verify.invalidIdentifier') : limited ? t('licenses.verify.rateLimited') : t('error.network')}
      />
    );
  }
  return result.data ? <VerificationView verification={result.data} showQr /> : null;
}

/**
 * 电子证照验证 for anyone, without a session: what a license's QR code opens (扫码亮证).
 * Also checks a presented signed document (an offline file, or another city's license).
 */
export default function PublicVerifyPage() {
  const { t } = useI18n();
  const { identifier } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [uploaded, setUploaded] = useState<Verification | 'unreadable' | null>(null);

  async function checkFile(file: File) {
    try {
      setUploaded(await licensesApi.verifyDocument(JSON.parse(await file.text()) as unknown));
    } catch {
      setUploaded('unreadable');
    }
    return false;
  }

  return (
    <div className="yw-verify">
      <header className="yw-verify-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('app.name')} · {t('licenses.verify.title')}
        </Typography.Title>
        <LanguageSwitch />
      </header>
      {identifier !== undefined && (
        <Card className="yw-verify-card" data-testid="verify-result">
          <ByIdentifier identifier={identifier} />
        </Card>
      )}
      {uploaded !== null && (
        <Card className="yw-verify-card" title={t('licenses.verify.documentResult')}>
          {uploaded === 'unreadable' ? <Result status="error" title={t('licenses.state.forged')} subTitle={t('licenses.verify.unreadable')} /> : <VerificationView verification={uploaded} showQr={false} />}
        </Card>
      )}
      <Card className="yw-verify-card" size="small" title={t('licenses.verify.another')}>
        <Flex vertical gap={12}>
          <Input.Search
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            onSearch={(value) => value.trim() !== '' && navigate(`/verify/${encodeURIComponent(value.trim())}`)}
            placeholder={t('licenses.verify.identifierPlaceholder')}
            enterButton={t('licenses.verify.check')}
          />
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={checkFile} maxCount={1} className="yw-verify-upload">
            <Button block>{t('licenses.verify.upload')}</Button>
          </Upload>
        </Flex>
      </Card>
    </div>
  );
}

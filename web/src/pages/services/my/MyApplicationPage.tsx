import { ArrowLeftOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, List, Spin, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { myApi, type ApplicationDetail, type UploadedFile } from '../applications-api';
import { daysLabel } from '../labels';
import { MaterialUpload } from './ApplyPage';
import { ApplicationTimeline, FormValues, MaterialList } from './parts';
import { RatingCard } from './RatingCard';
import { RequireApplicant, usePortalBase } from './SignIn';
import { DeadlineText, ProgressSteps, StatusTag, stepLabel } from './status';
import './apply.css';

/** 补正: the officer's reason and the materials to correct, each with a new upload, then resubmit. */
function Correction({ application, onDone, t }: { application: ApplicationDetail; onDone: (next: ApplicationDetail) => void; t: Translate }) {
  const { message } = App.useApp();
  const correction = application.correction!;
  const [files, setFiles] = useState<Record<string, UploadedFile>>({});
  const [busy, setBusy] = useState(false);
  const names = correction.materials;

  async function resubmit() {
    const missing = names.filter((name) => files[name] === undefined);
    if (missing.length > 0) {
      void message.warning(t('services.apply.missing', { names: missing.join('、') }));
      return;
    }
    setBusy(true);
    try {
      const next = await myApi.resubmit(application.id, { version: application.version, materials: Object.entries(files).map(([name, file]) => ({ name, fileId: file.id })) });
      void message.success(t('services.correction.done'));
      onDone(next);
    } catch (error) {
      void message.error(isApiError(error) ? `${error.message} (${error.code})` : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('services.correction.title')} className="yw-apply-correction" data-testid="correction">
      <Alert
        type="warning"
        showIcon
        title={t('services.correction.reason', { step: stepLabel(t, correction.step) })}
        description={<span style={{ whiteSpace: 'pre-wrap' }}>{correction.reason}</span>}
        style={{ marginBottom: 12 }}
      />
      {names.length > 0 && (
        <List
          size="small"
          header={t('services.correction.materials')}
          dataSource={names}
          renderItem={(name) => (
            <List.Item data-testid="correction-material" data-material={name}>
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Typography.Text strong>{name}</Typography.Text>
                <MaterialUpload
                  file={files[name]}
                  t={t}
                  onChange={(file) =>
                    setFiles((current) => {
                      const next = { ...current };
                      if (file) {
                        next[name] = file;
                      } else {
                        delete next[name];
                      }
                      return next;
                    })
                  }
                />
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Button type="primary" onClick={() => void resubmit()} loading={busy} disabled={!application.canResubmit} data-testid="resubmit" style={{ marginTop: 8 }}>
        {t('services.correction.resubmit')}
      </Button>
    </Card>
  );
}

function Detail({ application, onChange }: { application: ApplicationDetail; onChange: (next: ApplicationDetail) => void }) {
  const { t, locale } = useI18n();
  const base = usePortalBase();
  const screens = Grid.useBreakpoint();
  const wide = screens.md === true;
  const rows: Array<[string, ReactNode]> = [
    [t('services.receipt.number'), <span className="yw-services-mono" data-testid="detail-number">{application.number}</span>],
    [t('services.receipt.status'), <StatusTag status={application.status} t={t} />],
    [t('services.my.currentStep'), application.step !== null ? stepLabel(t, application.step) : '—'],
    [t('services.receipt.limit'), daysLabel(t, application.deadline.limitDays)],
    [t('services.my.deadline'), <DeadlineText deadline={application.deadline} t={t} />],
    [t('services.receipt.organisation'), application.organisation.name],
    [t('services.my.submittedAt'), formatDateTime(application.submittedAt, locale)],
  ];
  return (
    <Flex vertical gap={12} data-testid="my-application-detail">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {application.item.name}
        </Typography.Title>
        <ProgressSteps application={application} t={t} vertical={!wide} />
      </Card>
      {application.correction !== null && application.status === 'correction' && <Correction application={application} onDone={onChange} t={t} />}
      {application.decisionReason !== null && <Alert type={application.status === 'rejected' ? 'error' : 'info'} showIcon title={t('services.my.decisionReason')} description={application.decisionReason} />}
      {application.license !== null && (
        <Alert
          type="success"
          showIcon
          icon={<SafetyCertificateOutlined />}
          title={t('services.my.licenseIssued')}
          description={
            <Link to={`${base}/my/licenses`} data-testid="detail-license-link">
              <span className="yw-services-mono">{application.license.identifier}</span>
            </Link>
          }
        />
      )}
      {(application.status === 'completed' || application.status === 'rejected') && <RatingCard target={{ kind: 'application', id: application.id }} t={t} />}
      <Card size="small" title={t('services.my.basic')}>
        <Descriptions size="small" column={wide ? 2 : 1} bordered className="yw-apply-desc">
          {rows.map(([label, value]) => (
            <Descriptions.Item key={label} label={label}>
              {value}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card size="small" title={t('services.apply.materials')}>
        <MaterialList materials={application.materials} fileUrl={(materialId) => myApi.materialUrl(application.id, materialId)} t={t} />
      </Card>
      {application.instantTrace !== null && (
        <Card size="small" title={t('services.my.instantTrace')}>
          <List
            size="small"
            dataSource={application.instantTrace}
            renderItem={(rule) => (
              <List.Item>
                <Typography.Text type={rule.passed ? 'success' : 'danger'}>
                  {rule.passed ? '✓' : '✗'} {rule.label ?? rule.source}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('services.apply.form')}>
        <FormValues itemCode={application.item.code} form={application.form} />
      </Card>
      <Card size="small" title={t('services.my.timeline')}>
        <ApplicationTimeline log={application.log} t={t} locale={locale} />
      </Card>
    </Flex>
  );
}

function Loaded({ id }: { id: string }) {
  const [override, setOverride] = useState<ApplicationDetail | null>(null);
  const { data, error, reload } = useApiQuery((signal) => myApi.get(id, signal), [id]);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  const application = override ?? data;
  if (application === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  return <Detail application={application} onChange={setOverride} />;
}

/** 我的办件 › one application: progress, deadline, 补正, materials, log, 好差评. */
export default function MyApplicationPage() {
  const { t } = useI18n();
  const base = usePortalBase();
  const { id = '' } = useParams();
  return (
    <Flex vertical gap={12}>
      <Link to={`${base}/my/applications`}>
        <ArrowLeftOutlined /> {t('services.my.applications')}
      </Link>
      <RequireApplicant>
        <Loaded id={id} />
      </RequireApplicant>
    </Flex>
  );
}

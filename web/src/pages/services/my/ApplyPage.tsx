import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Grid, List, Result, Spin, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { myApi, uploadMaterial, type ApplicationDetail, type PreparedMaterial, type UploadedFile } from '../applications-api';
import { daysLabel } from '../labels';
import { ReplacedByLicense } from './parts';
import { cleanFormValues, SchemaFields } from './SchemaForm';
import { RequireApplicant, usePortalBase } from './SignIn';
import { DeadlineText, StatusTag } from './status';
import './apply.css';

export const ACCEPTED_FILES = '.pdf,.ofd,.png,.jpg,.jpeg';

/** An upload slot for one material: one file, sent at once; the server checks the content type. */
export function MaterialUpload({ file, onChange, t }: { file: UploadedFile | undefined; onChange: (file: UploadedFile | undefined) => void; t: Translate }) {
  const { message } = App.useApp();
  return (
    <Upload
      accept={ACCEPTED_FILES}
      maxCount={1}
      fileList={file ? [{ uid: file.id, name: file.name, status: 'done', size: file.size }] : []}
      onRemove={() => onChange(undefined)}
      customRequest={({ file: raw, onError, onSuccess }) => {
        uploadMaterial(raw as File)
          .then((uploaded) => {
            onChange(uploaded);
            onSuccess?.(uploaded);
          })
          .catch((error: unknown) => {
            void message.error(isApiError(error) ? t('services.apply.uploadFailed', { reason: error.message }) : String(error));
            onError?.(error instanceof Error ? error : new Error(String(error)));
          });
      }}
    >
      <Button icon={<UploadOutlined />} size="small">
        {t(file ? 'services.apply.replaceFile' : 'services.apply.upload')}
      </Button>
    </Upload>
  );
}

function MaterialRow({ material, file, onChange, t }: { material: PreparedMaterial; file: UploadedFile | undefined; onChange: (file: UploadedFile | undefined) => void; t: Translate }) {
  return (
    <List.Item data-testid="apply-material" data-material={material.name} data-provided={material.provided ?? 'upload'}>
      <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
        <Flex gap={6} wrap align="baseline">
          <Typography.Text strong>{material.name}</Typography.Text>
          {material.requirement === 'required' ? <Tag color="red">{t('services.material.required')}</Tag> : <Tag>{t('services.material.conditional')}</Tag>}
        </Flex>
        {material.condition !== null && <Typography.Text type="secondary">{material.condition}</Typography.Text>}
        {material.provided === 'license' && material.license !== null ? (
          <ReplacedByLicense license={material.license} t={t} />
        ) : material.provided === 'waived' ? (
          <span>
            <Tag>{t('services.apply.waived')}</Tag>
            <Typography.Text type="secondary">{material.waivedReason}</Typography.Text>
          </span>
        ) : (
          <MaterialUpload file={file} onChange={onChange} t={t} />
        )}
      </Flex>
    </List.Item>
  );
}

/** 回执: the application number, status and the promised limit. */
function Receipt({ application, base, t }: { application: ApplicationDetail; base: string; t: Translate }) {
  const instant = application.instant === 'approved';
  return (
    <Result
      className="yw-apply-receipt"
      status="success"
      title={t(instant ? 'services.receipt.instantTitle' : 'services.receipt.title')}
      subTitle={application.item.name}
      data-testid="apply-receipt"
      extra={[
        <Link key="detail" to={`${base}/my/applications/${application.id}`}>
          <Button type="primary">{t('services.receipt.track')}</Button>
        </Link>,
        <Link key="all" to={`${base}/my/applications`}>
          <Button>{t('services.my.applications')}</Button>
        </Link>,
      ]}
    >
      <Descriptions size="small" column={1} bordered className="yw-apply-desc">
        <Descriptions.Item label={t('services.receipt.number')}>
          <span className="yw-services-mono" data-testid="receipt-number">
            {application.number}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('services.receipt.status')}>
          <StatusTag status={application.status} t={t} />
        </Descriptions.Item>
        <Descriptions.Item label={t('services.receipt.limit')}>
          <Flex vertical>
            <span data-testid="receipt-limit">{daysLabel(t, application.deadline.limitDays)}</span>
            <DeadlineText deadline={application.deadline} t={t} />
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('services.receipt.organisation')}>{application.organisation.name}</Descriptions.Item>
      </Descriptions>
    </Result>
  );
}

function ApplyForm({ code }: { code: string }) {
  const { t } = useI18n();
  const base = usePortalBase();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [files, setFiles] = useState<Record<string, UploadedFile>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<ApplicationDetail | null>(null);
  const { data, error, loading, reload } = useApiQuery((signal) => myApi.prepare(code, signal), [code]);

  if (submitted !== null) {
    return <Receipt application={submitted} base={base} t={t} />;
  }
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (loading || data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  const toUpload = data.materials.filter((m) => m.provided === null);
  const replaced = data.materials.filter((m) => m.provided === 'license').length;

  async function submit(values: Record<string, unknown>) {
    const missing = toUpload.filter((m) => m.requirement === 'required' && files[m.name] === undefined).map((m) => m.name);
    if (missing.length > 0) {
      setFailure(t('services.apply.missing', { names: missing.join('、') }));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const materials = Object.entries(files).map(([name, file]) => ({ name, fileId: file.id }));
      setSubmitted(await myApi.submit({ item: data!.item.code, form: cleanFormValues(data!.item.formSchema, values), materials }));
      window.scrollTo({ top: 0 });
    } catch (cause) {
      setFailure(isApiError(cause) ? `${cause.message}${cause.code === 'VALIDATION_FAILED' || cause.code.startsWith('SERVICES_') ? ` (${cause.code})` : ''}` : String(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" initialValues={data.form} onFinish={(values) => void submit(values)} scrollToFirstError data-testid="apply-form">
      <Flex vertical gap={12}>
        <Card size="small">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="apply-title">
            {t('services.apply.title', { name: data.item.name })}
          </Typography.Title>
          <Flex gap={6} wrap style={{ marginTop: 8 }}>
            <Tag>{t('services.apply.limit', { limit: daysLabel(t, data.item.promisedLimitDays) })}</Tag>
            {data.instantApproval && <Tag color="green">{t('services.apply.instant')}</Tag>}
            {replaced > 0 && <Tag color="success">{t('services.apply.replacedCount', { count: replaced })}</Tag>}
          </Flex>
        </Card>
        <Card size="small" title={t('services.apply.form')}>
          <div className={screens.md ? 'yw-apply-grid' : undefined}>
            <SchemaFields schema={data.item.formSchema} prefilled={data.form} t={t} />
          </div>
        </Card>
        <Card size="small" title={t('services.apply.materials')}>
          <List<PreparedMaterial>
            size="small"
            dataSource={data.materials}
            renderItem={(m) => (
              <MaterialRow
                material={m}
                file={files[m.name]}
                t={t}
                onChange={(file) => {
                  setFailure(null);
                  setFiles((current) => {
                    const next = { ...current };
                    if (file) {
                      next[m.name] = file;
                    } else {
                      delete next[m.name];
                    }
                    return next;
                  });
                }}
              />
            )}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('services.apply.filesHint')}
          </Typography.Text>
        </Card>
        {failure !== null && <Alert type="error" showIcon title={failure} data-testid="apply-error" />}
        <Button type="primary" htmlType="submit" size="large" block={!screens.md} loading={busy} data-testid="apply-submit">
          {t('services.apply.submit')}
        </Button>
      </Flex>
    </Form>
  );
}

/** `…/:code/apply`: the item's online application (form, materials, submit, receipt). */
export default function ApplyPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  return (
    <Flex vertical gap={12}>
      <Link to=".." relative="path">
        <ArrowLeftOutlined /> {t('services.apply.backToGuide')}
      </Link>
      <RequireApplicant>
        <ApplyForm code={code} />
      </RequireApplicant>
    </Flex>
  );
}

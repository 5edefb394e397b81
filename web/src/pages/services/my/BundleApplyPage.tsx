import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Grid, List, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { bundlesApi, type BundleApplication, type BundlePrepared, type UploadedFile } from '../applications-api';
import { daysLabel } from '../labels';
import { MaterialUpload } from './ApplyPage';
import { ReplacedByLicense } from './parts';
import { cleanFormValues, SchemaFields } from './SchemaForm';
import { RequireApplicant, usePortalBase } from './SignIn';
import { StatusTag } from './status';
import './apply.css';

type PreparedItem = BundlePrepared['items'][number];

/** The materials to upload once for the whole bundle: by name, required when any item requires it. */
function uploadsOf(items: PreparedItem[]) {
  const byName = new Map<string, { name: string; required: boolean; items: string[] }>();
  for (const item of items) {
    for (const m of item.materials.filter((x) => x.provided === null)) {
      const entry = byName.get(m.name) ?? { name: m.name, required: false, items: [] };
      entry.required ||= m.requirement === 'required';
      entry.items.push(item.name);
      byName.set(m.name, entry);
    }
  }
  return [...byName.values()];
}

function Receipt({ application, base, t }: { application: BundleApplication; base: string; t: Translate }) {
  return (
    <Result
      className="yw-apply-receipt"
      status="success"
      title={t('services.bundle.submitted')}
      subTitle={application.bundle.name}
      data-testid="bundle-receipt"
      extra={
        <Link to={`${base}/my/bundles/${application.id}`}>
          <Button type="primary">{t('services.receipt.track')}</Button>
        </Link>
      }
    >
      <Descriptions size="small" column={1} bordered className="yw-apply-desc">
        <Descriptions.Item label={t('services.bundle.number')}>
          <span className="yw-services-mono" data-testid="bundle-number">
            {application.number}
          </span>
        </Descriptions.Item>
        {application.children.map((child) => (
          <Descriptions.Item key={child.id} label={child.item.name}>
            <Flex vertical>
              <span className="yw-services-mono">{child.number}</span>
              <span>
                <StatusTag status={child.status} t={t} /> {daysLabel(t, child.deadline.limitDays)}
              </span>
            </Flex>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Result>
  );
}

function BundleForm({ code }: { code: string }) {
  const { t } = useI18n();
  const base = usePortalBase();
  const screens = Grid.useBreakpoint();
  const [files, setFiles] = useState<Record<string, UploadedFile>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<BundleApplication | null>(null);
  const { data, error, loading, reload } = useApiQuery((signal) => bundlesApi.prepare(code, signal), [code]);

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
  const uploads = uploadsOf(data.items);

  async function submit(values: Record<string, unknown>) {
    const missing = uploads.filter((u) => u.required && files[u.name] === undefined).map((u) => u.name);
    if (missing.length > 0) {
      setFailure(t('services.apply.missing', { names: missing.join('、') }));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const materials = Object.entries(files).map(([name, file]) => ({ name, fileId: file.id }));
      setSubmitted(await bundlesApi.submit({ bundle: data!.bundle.code, form: cleanFormValues(data!.bundle.formSchema, values), materials }));
      window.scrollTo({ top: 0 });
    } catch (cause) {
      setFailure(isApiError(cause) ? `${cause.message} (${cause.code})` : String(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form layout="vertical" initialValues={data.form} onFinish={(values: Record<string, unknown>) => void submit(values)} scrollToFirstError data-testid="bundle-form">
      <Flex vertical gap={12}>
        <Card size="small">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.bundle.name}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {data.bundle.summary}
          </Typography.Paragraph>
        </Card>
        <Card size="small" title={t('services.bundle.items', { count: data.items.length })}>
          <List<PreparedItem>
            size="small"
            dataSource={data.items}
            renderItem={(item) => (
              <List.Item>
                <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                  <Flex gap={6} wrap align="baseline">
                    <Typography.Text strong>{item.name}</Typography.Text>
                    <Typography.Text type="secondary">{item.organisationName}</Typography.Text>
                    <Tag>{daysLabel(t, item.promisedLimitDays)}</Tag>
                    {item.instantApproval && <Tag color="green">{t('services.apply.instant')}</Tag>}
                  </Flex>
                  {item.materials
                    .filter((m) => m.provided === 'license' && m.license !== null)
                    .map((m) => (
                      <Flex key={m.name} vertical gap={2}>
                        <Typography.Text type="secondary">{m.name}</Typography.Text>
                        <ReplacedByLicense license={m.license!} t={t} />
                      </Flex>
                    ))}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('services.bundle.form')}>
          <div className={screens.md ? 'yw-apply-grid' : undefined}>
            <SchemaFields schema={data.bundle.formSchema} prefilled={data.form} t={t} requiredFirst />
          </div>
        </Card>
        <Card size="small" title={t('services.bundle.uploads')}>
          <List
            size="small"
            dataSource={uploads}
            locale={{ emptyText: t('services.material.none') }}
            renderItem={(u) => (
              <List.Item data-testid="bundle-material" data-material={u.name}>
                <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
                  <Flex gap={6} wrap align="baseline">
                    <Typography.Text strong>{u.name}</Typography.Text>
                    {u.required ? <Tag color="red">{t('services.material.required')}</Tag> : <Tag>{t('services.material.conditional')}</Tag>}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('services.bundle.usedBy', { items: u.items.join('、') })}
                  </Typography.Text>
                  <MaterialUpload
                    file={files[u.name]}
                    t={t}
                    onChange={(file) => {
                      setFailure(null);
                      setFiles((current) => {
                        const next = { ...current };
                        if (file) {
                          next[u.name] = file;
                        } else {
                          delete next[u.name];
                        }
                        return next;
                      });
                    }}
                  />
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        {failure !== null && <Alert type="error" showIcon title={failure} data-testid="bundle-error" />}
        <Button type="primary" htmlType="submit" size="large" block={!screens.md} loading={busy} data-testid="bundle-submit">
          {t('services.bundle.submit')}
        </Button>
      </Flex>
    </Form>
  );
}

/** `…/bundles/:code`: one form for every item of a 一件事, materials uploaded once, departments in parallel. */
export default function BundleApplyPage() {
  const { t } = useI18n();
  const base = usePortalBase();
  const { code = '' } = useParams();
  return (
    <Flex vertical gap={12}>
      <Link to={`${base}/bundles`}>
        <ArrowLeftOutlined /> {t('services.bundle.title')}
      </Link>
      <RequireApplicant>
        <BundleForm code={code} />
      </RequireApplicant>
    </Flex>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { opendataApi, type DatasetDetail } from '../../api/opendata';
import { ErrorState } from '../../components/ErrorState';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../i18n';
import { AccessTag, day, frequencyLabel, FreshnessTag } from './labels';

function Preview({ name, t }: { name: string; t: Translate }) {
  const { data, error, loading } = useApiQuery((signal) => opendataApi.preview(name, signal), [name]);
  if (error !== null) {
    return <ErrorState error={error} />;
  }
  if (data?.restricted) {
    return <Alert type="warning" showIcon title={t('opendata.preview.restricted')} />;
  }
  const columns = (data?.fields ?? []).map((field) => ({
    key: field.name,
    dataIndex: field.name,
    title: (
      <span title={field.name}>
        {field.label}
        <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
          {field.name}
        </Typography.Text>
      </span>
    ),
    render: (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? '是' : '否') : String(value)),
  }));
  return (
    <Table
      size="small"
      loading={loading}
      rowKey={(_, index) => String(index)}
      columns={columns}
      dataSource={data?.rows ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="opendata-preview"
      footer={() => t('opendata.preview.footer', { shown: data?.rows.length ?? 0, total: data?.total ?? 0 })}
    />
  );
}

function History({ name, t }: { name: string; t: Translate }) {
  const { data } = useApiQuery((signal) => opendataApi.updates(name, signal), [name]);
  return (
    <Timeline
      data-testid="opendata-history"
      items={(data?.items ?? []).map((u) => ({
        color: u.kind === 'data' || u.kind === 'publish' ? 'green' : u.kind === 'unpublish' ? 'red' : 'blue',
        content: (
          <Flex vertical>
            <Typography.Text>
              {day(u.at)} · {t(`opendata.update.${u.kind}`)}
              {u.rowCount !== null ? ` · ${t('opendata.rows', { count: u.rowCount })}` : ''}
            </Typography.Text>
            {u.note && <Typography.Text type="secondary">{u.note}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}

/** The application form of a conditional-open dataset, and the check of an application's result. */
function ApplyCard({ dataset, t }: { dataset: DatasetDetail; t: Translate }) {
  const [applied, setApplied] = useState<{ id: string; token: string } | null>(null);
  const [claim, setClaim] = useState<{ status: string; apiKey: string | null; decisionNote: string | null } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (cause) {
      setFailure(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('opendata.apply.title')} data-testid="opendata-apply">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('opendata.apply.condition', { condition: dataset.accessCondition ?? '' })}</Typography.Text>
        {applied === null ? (
          <Form
            layout="vertical"
            onFinish={(values: { applicantName: string; applicantOrganisation?: string; contact: string; purpose: string }) =>
              run(async () => setApplied(await opendataApi.apply(dataset.name, values)))
            }
          >
            <Form.Item name="applicantName" label={t('opendata.apply.name')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="applicantOrganisation" label={t('opendata.apply.organisation')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="contact" label={t('opendata.apply.contact')} rules={[{ required: true, min: 3, max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="purpose" label={t('opendata.apply.purpose')} rules={[{ required: true, min: 5, max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('opendata.apply.submit')}
            </Button>
          </Form>
        ) : (
          <Flex vertical gap={8}>
            <Alert type="success" showIcon title={t('opendata.apply.done')} />
            <Typography.Text>{t('opendata.apply.keep')}</Typography.Text>
            <pre className="yw-opendata-code" data-testid="opendata-claim-token">{`${t('opendata.apply.id')}: ${applied.id}\n${t('opendata.apply.token')}: ${applied.token}`}</pre>
            <Button loading={busy} onClick={() => run(async () => setClaim(await opendataApi.claim(applied.id, applied.token)))}>
              {t('opendata.apply.check')}
            </Button>
            {claim && (
              <Alert
                type={claim.status === 'approved' ? 'success' : claim.status === 'rejected' ? 'error' : 'info'}
                showIcon
                title={t(`opendata.apply.status.${claim.status as 'pending' | 'approved' | 'rejected'}`)}
                description={claim.apiKey ? <pre className="yw-opendata-code">{claim.apiKey}</pre> : claim.decisionNote}
              />
            )}
          </Flex>
        )}
        {failure !== null && <ErrorState error={failure} />}
      </Flex>
    </Card>
  );
}

/** A dataset's page: what it is, how fresh, preview, downloads, API, history. */
export default function DatasetPage() {
  const { t } = useI18n();
  const { name = '' } = useParams();
  const { data: vocabulary } = useApiQuery((signal) => opendataApi.vocabulary(signal), []);
  const { data, error, reload } = useApiQuery((signal) => opendataApi.dataset(name, signal), [name]);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (!data) {
    return null;
  }
  const origin = window.location.origin;
  // Distribution URLs come absolute from the server; a relative one is resolved against this page.
  const api = new URL(data.distributions.find((d) => d.format === 'API')?.url ?? '', origin).href;
  const example =
    data.access === 'conditional'
      ? `curl -H 'X-API-Key: <${t('opendata.api.key')}>' '${api}?offset=0&limit=100'`
      : `curl '${api}?offset=0&limit=100'\ncurl '${origin}/api/3/action/package_show?id=${data.name}'`;
  return (
    <Flex vertical gap={12} data-testid="opendata-dataset">
      <Card size="small">
        <Flex vertical gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.title}
          </Typography.Title>
          <Space size={[4, 4]} wrap>
            <AccessTag access={data.access} t={t} />
            <FreshnessTag dataset={data} t={t} />
            {data.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Space>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{data.description}</Typography.Paragraph>
          {data.access === 'unconditional' && (
            <Space wrap>
              <Button type="primary" icon={<DownloadOutlined />} href={opendataApi.fileUrl(data.name, 'csv')} data-testid="opendata-download-csv">
                {t('opendata.download.csv')}
              </Button>
              <Button icon={<DownloadOutlined />} href={opendataApi.fileUrl(data.name, 'json')} data-testid="opendata-download-json">
                {t('opendata.download.json')}
              </Button>
              {data.formats.includes('XLSX') && (
                <Button icon={<DownloadOutlined />} href={opendataApi.fileUrl(data.name, 'xlsx')} data-testid="opendata-download-xlsx">
                  {t('opendata.download.xlsx')}
                </Button>
              )}
            </Space>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('opendata.metadata')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('opendata.facet.owner')}>
            <Link to={`/opendata/departments/${data.owner.code}`}>{data.owner.name}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.theme')}>{vocabulary?.themes.find((v) => v.code === data.theme)?.name ?? data.theme}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.licence')}>{vocabulary?.licences.find((v) => v.id === data.licence)?.title ?? data.licence}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.frequency')}>{frequencyLabel(t, data.frequency)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.dataUpdatedAt')}>{day(data.dataUpdatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.dueAt')}>{day(data.freshness.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.division')}>{data.spatial.name}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.temporal')}>{data.temporal.start || data.temporal.end ? `${data.temporal.start ?? '…'} ~ ${data.temporal.end ?? '…'}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.contact')}>{[data.contact.name, data.contact.phone, data.contact.email].filter(Boolean).join(' · ')}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.use')}>{t('opendata.useValue', { downloads: data.downloads, calls: data.apiCalls })}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.rowsTotal')}>{data.rowCount}</Descriptions.Item>
        </Descriptions>
      </Card>
      {data.access === 'conditional' && <ApplyCard dataset={data} t={t} />}
      <Card size="small" title={t('opendata.preview')}>
        <Preview name={data.name} t={t} />
      </Card>
      <Card size="small" title={t('opendata.api')}>
        <pre className="yw-opendata-code" data-testid="opendata-api-example">{example}</pre>
      </Card>
      <Card size="small" title={t('opendata.history')}>
        <History name={data.name} t={t} />
      </Card>
    </Flex>
  );
}

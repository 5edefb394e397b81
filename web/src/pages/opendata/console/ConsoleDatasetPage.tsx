import { CloudUploadOutlined, EditOutlined, ExportOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { opendataApi, type DatasetDetail } from '../../../api/opendata';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n } from '../../../i18n';
import { AccessTag, day, frequencyLabel, FreshnessTag } from '../labels';
import { consoleApi } from './api';
import { errorText } from './errorText';
import { metadataBody, MetadataFields, type MetadataValues } from './MetadataFields';
import { RecordUpdateModal } from './RecordUpdateModal';
import { StatusTag } from './StatusTag';
import { UsageChart } from './UsageChart';

const valuesOf = (d: DatasetDetail): MetadataValues => ({
  title: d.title,
  description: d.description,
  tags: d.tags,
  theme: d.theme,
  licence: d.licence,
  frequency: d.frequency,
  spatialCode: d.spatial.code,
  temporalStart: d.temporal.start ?? '',
  temporalEnd: d.temporal.end ?? '',
  contactName: d.contact.name,
  contactEmail: d.contact.email ?? '',
  contactPhone: d.contact.phone ?? '',
  formats: d.formats,
});

/** One of my department's datasets: freshness and use; record a data update, edit its metadata, unpublish or republish. */
export default function ConsoleDatasetPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { id = '' } = useParams();
  const { data, error, reload } = useApiQuery((signal) => consoleApi.dataset(id, signal), [id]);
  const vocabulary = useApiQuery((signal) => opendataApi.vocabulary(signal), []);
  const [updating, setUpdating] = useState(false);
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<MetadataValues>();

  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (!data) {
    return null;
  }

  async function save(values: MetadataValues) {
    setSaving(true);
    try {
      await consoleApi.updateMetadata(data!.id, { version: data!.version, ...metadataBody(values) });
      void message.success(t('opendata.console.saved'));
      setEditing(false);
      reload();
    } catch (cause) {
      void message.error(errorText(cause, t));
    } finally {
      setSaving(false);
    }
  }

  function changeStatus(to: 'unpublish' | 'republish') {
    let note = '';
    modal.confirm({
      title: t(to === 'unpublish' ? 'opendata.console.unpublishConfirm' : 'opendata.console.republishConfirm', { title: data!.title }),
      content: <Input.TextArea rows={2} maxLength={500} placeholder={t('opendata.console.notePlaceholder')} onChange={(e) => (note = e.target.value)} />,
      okButtonProps: { danger: to === 'unpublish' },
      onOk: async () => {
        try {
          await consoleApi[to](data!.id, { version: data!.version, ...(note.trim() ? { note: note.trim() } : {}) });
          void message.success(t(to === 'unpublish' ? 'opendata.console.unpublished.done' : 'opendata.console.republished.done'));
          reload();
        } catch (cause) {
          void message.error(errorText(cause, t));
          throw cause;
        }
      },
    });
  }

  const published = data.status === 'published';
  return (
    <Flex vertical gap={12} data-testid="console-dataset">
      <Typography.Link>
        <Link to="/opendata/console">← {t('nav.opendataConsole')}</Link>
      </Typography.Link>
      <Card size="small">
        <Flex vertical gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.title}
          </Typography.Title>
          <Space size={[4, 4]} wrap data-testid="console-dataset-tags">
            <StatusTag status={data.status} t={t} />
            <AccessTag access={data.access} t={t} />
            {published ? <FreshnessTag dataset={data} t={t} /> : <Tag>{t('opendata.console.notChecked')}</Tag>}
          </Space>
          <Space wrap>
            <Button type="primary" danger={published && data.freshness.overdue} icon={<CloudUploadOutlined />} onClick={() => setUpdating(true)} data-testid="console-record-update">
              {t('opendata.console.recordUpdate')}
            </Button>
            <Button
              icon={<EditOutlined />}
              onClick={() => {
                form.setFieldsValue(valuesOf(data));
                setEditing(true);
              }}
            >
              {t('opendata.console.editMetadata')}
            </Button>
            {published ? (
              <Button danger icon={<StopOutlined />} onClick={() => changeStatus('unpublish')} data-testid="console-unpublish">
                {t('opendata.console.unpublish')}
              </Button>
            ) : (
              <Button icon={<UndoOutlined />} onClick={() => changeStatus('republish')} data-testid="console-republish">
                {t('opendata.console.republish')}
              </Button>
            )}
            {published && (
              <Link to={`/opendata/datasets/${data.name}`} target="_blank">
                <Button type="link" icon={<ExportOutlined />}>
                  {t('opendata.console.publicPage')}
                </Button>
              </Link>
            )}
          </Space>
        </Flex>
      </Card>
      <Card size="small" title={t('opendata.metadata')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('opendata.facet.frequency')}>{frequencyLabel(t, data.frequency)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.dataUpdatedAt')}>{day(data.dataUpdatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.dueAt')}>{day(data.freshness.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.rowsTotal')}>{data.rowCount}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.use')}>{t('opendata.useValue', { downloads: data.downloads, calls: data.apiCalls })}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.format')}>{data.formats.join(' · ')}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.facet.division')}>{data.spatial.name}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.temporal')}>{data.temporal.start || data.temporal.end ? `${data.temporal.start ?? '…'} ~ ${data.temporal.end ?? '…'}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.contact')}>{[data.contact.name, data.contact.phone, data.contact.email].filter(Boolean).join(' · ')}</Descriptions.Item>
          <Descriptions.Item label={t('opendata.console.openFields')} span={3}>
            {data.fields.map((f) => `${f.label}（${f.name}）`).join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <UsageChart dataset={data.id} title={t('opendata.console.usageOne')} t={t} />
      <RecordUpdateModal
        dataset={updating ? data : null}
        t={t}
        onClose={() => setUpdating(false)}
        onDone={() => {
          setUpdating(false);
          reload();
        }}
      />
      <Modal open={editing} width={860} title={t('opendata.console.editMetadata')} onCancel={() => setEditing(false)} onOk={() => form.submit()} confirmLoading={saving} forceRender>
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <MetadataFields t={t} vocabulary={vocabulary.data} />
          <Form.Item name="note" label={t('opendata.console.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

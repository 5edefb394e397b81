import { App, Alert, Button, Card, Checkbox, Empty, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { opendataApi, type Frequency } from '../../../api/opendata';
import { ErrorState } from '../../../components/ErrorState';
import { PageTitle } from '../../../components/PageTitle';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n } from '../../../i18n';
import { AccessTag } from '../labels';
import { consoleApi, type Candidate } from './api';
import { errorText } from './errorText';
import { FORMATS, metadataBody, MetadataFields, type MetadataValues } from './MetadataFields';
import { RowsUpload } from './RowsUpload';
import type { ParsedRows } from './rowsFile';

/** The promise a catalog update cycle suggests, as the server defaults it (weekly data keeps a monthly promise). */
function frequencyOf(cycle: string): Frequency {
  return (['realtime', 'daily', 'monthly', 'quarterly', 'yearly'] as const).find((f) => f === cycle) ?? (cycle === 'weekly' ? 'monthly' : 'yearly');
}

type PublishValues = MetadataValues & { fields: string[] };

/** 发布数据集: from a catalog resource of my department (无条件 / 有条件开放) not yet on the portal. */
export default function ConsolePublishPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const candidates = useApiQuery((signal) => consoleApi.candidates(signal), []);
  const vocabulary = useApiQuery((signal) => opendataApi.vocabulary(signal), []);
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [rows, setRows] = useState<ParsedRows | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<PublishValues>();
  const openFields = Form.useWatch('fields', form) ?? [];
  const fieldSpecs = useMemo(() => (chosen?.fields ?? []).filter((f) => openFields.includes(f.name)), [chosen, openFields]);

  function choose(id: string) {
    const candidate = candidates.data?.items.find((c) => c.id === id) ?? null;
    setChosen(candidate);
    setRows(null);
    if (candidate) {
      form.resetFields();
      form.setFieldsValue({
        title: candidate.name,
        description: '',
        tags: candidate.tags,
        frequency: frequencyOf(candidate.updateCycle),
        licence: 'cc-by-4.0',
        formats: [...FORMATS],
        fields: candidate.fields.filter((f) => f.sensitivity === 'general').map((f) => f.name),
      });
    }
  }

  async function publish(values: PublishValues) {
    if (!chosen || !rows) {
      void message.warning(t('opendata.console.rows.required'));
      return;
    }
    setBusy(true);
    try {
      const { fields, ...metadata } = values;
      const body = metadataBody(metadata);
      const created = await consoleApi.publish({ ...body, resource: chosen.id, theme: values.theme, licence: values.licence, contactName: values.contactName, fields, rows: rows.rows });
      void message.success(t('opendata.console.published.done', { title: created.title }));
      void navigate(`/opendata/console/datasets/${created.id}`);
    } catch (cause) {
      void message.error(errorText(cause, t));
    } finally {
      setBusy(false);
    }
  }

  if (candidates.error !== null) {
    return <ErrorState error={candidates.error} onRetry={candidates.reload} />;
  }
  return (
    <Flex vertical gap={16} data-testid="console-publish-page">
      <Typography.Link>
        <Link to="/opendata/console">← {t('nav.opendataConsole')}</Link>
      </Typography.Link>
      <PageTitle>{t('opendata.console.publish')}</PageTitle>
      <Card size="small" title={t('opendata.console.candidate')}>
        {candidates.data && candidates.data.items.length === 0 ? (
          <Empty description={t('opendata.console.noCandidates')} />
        ) : (
          <Flex vertical gap={8}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={candidates.loading}
              placeholder={t('opendata.console.candidatePlaceholder')}
              value={chosen?.id}
              onChange={choose}
              style={{ maxWidth: 640 }}
              data-testid="console-candidate"
              options={(candidates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))}
            />
            {chosen && (
              <Space wrap>
                <AccessTag access={chosen.openAttribute} t={t} />
                <Typography.Text type="secondary">{chosen.owner.name}</Typography.Text>
                {chosen.openCondition && <Typography.Text type="secondary">{t('opendata.apply.condition', { condition: chosen.openCondition })}</Typography.Text>}
              </Space>
            )}
          </Flex>
        )}
      </Card>
      {chosen && (
        <Form form={form} layout="vertical" onFinish={(values) => void publish(values)}>
          <Card size="small" title={t('opendata.metadata')}>
            <MetadataFields t={t} vocabulary={vocabulary.data} />
          </Card>
          <Card size="small" title={t('opendata.console.openFields')} style={{ marginTop: 16 }}>
            <Alert type="info" showIcon title={t('opendata.console.openFieldsHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="fields" rules={[{ required: true, type: 'array', min: 1, message: t('opendata.console.openFieldsRequired') }]}>
              <Checkbox.Group>
                <Flex wrap gap={8}>
                  {chosen.fields.map((f) => (
                    <Checkbox key={f.name} value={f.name} disabled={f.sensitivity !== 'general'}>
                      {f.label}（{f.name}）{f.sensitivity !== 'general' && <Tag color="red">{t('opendata.console.sensitive')}</Tag>}
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
          </Card>
          <Card size="small" title={t('opendata.console.rows.file')} style={{ marginTop: 16 }}>
            <RowsUpload fields={fieldSpecs} value={rows} onChange={setRows} t={t} />
            <Form.Item name="note" label={t('opendata.console.note')} style={{ marginTop: 12 }}>
              <Input maxLength={500} />
            </Form.Item>
          </Card>
          <Flex justify="end" style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={busy} disabled={rows === null} data-testid="console-publish-submit">
              {t('opendata.console.publishSubmit')}
            </Button>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}

import { App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { exchangeApi, type ExchangeRequest } from '../../api/exchange';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { FieldsCell, PeriodCell, StateTag, TwoLines } from './labels';
import { useFieldLabels } from './useFieldLabels';

/** A day in the browser's own calendar (the city's, for its staff), `offset` days from today. */
function isoDay(offset: number): string {
  const day = new Date();
  day.setDate(day.getDate() + offset);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

interface FormValues {
  purpose: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  clearTextReason?: string;
}

/** 共享申请: request a catalog resource for my organisation; my organisation's requests. */
export default function ExchangeRequestPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [resourceId, setResourceId] = useState<string | undefined>(() => new URLSearchParams(window.location.search).get('resource') ?? undefined);
  const [form] = Form.useForm<FormValues>();
  const resources = useApiQuery((signal) => catalogApi.search({ page: 1, pageSize: 100 }, signal), []);
  const resource = useApiQuery((signal) => (resourceId ? catalogApi.get(resourceId, signal) : Promise.resolve(undefined)), [resourceId]);
  const mine = useApiQuery((signal) => exchangeApi.requests('outbox', signal), []);
  const clearText = Form.useWatch('clearText', form);
  const fieldLabels = useFieldLabels((mine.data?.items ?? []).map((r) => r.resource.id));

  async function submit(values: FormValues) {
    try {
      await exchangeApi.create({
        resourceId: resourceId!,
        purpose: values.purpose,
        fields: values.fields,
        validFrom: values.validFrom,
        validTo: values.validTo,
        ratePerMinute: values.ratePerMinute,
        clearText: values.clearText,
        clearTextReason: values.clearText ? (values.clearTextReason ?? null) : null,
      });
      void message.success(t('exchange.request.submitted'));
      form.resetFields();
      mine.reload();
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    }
  }

  async function withdraw(row: ExchangeRequest) {
    try {
      await exchangeApi.withdraw(row.id, row.version);
      mine.reload();
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    }
  }

  const items = resources.data?.items ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeRequest')}</PageTitle>
      <Card title={t('exchange.request.new')}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ ratePerMinute: 60, clearText: false, validFrom: isoDay(0), validTo: isoDay(365) }}>
          <Form.Item label={t('exchange.resource')} required>
            <Select
              showSearch
              optionFilterProp="label"
              value={resourceId}
              onChange={(value: string) => setResourceId(value)}
              options={items
                .filter((r) => r.shareAttribute !== 'none' && r.status === 'published' && r.owner.id !== me.organisation?.id)
                .map((r) => ({ value: r.id, label: `${r.name} · ${r.owner.name}` }))}
              placeholder={t('exchange.request.pickResource')}
              data-testid="exchange-resource"
            />
          </Form.Item>
          {resource.data && (
            <Form.Item name="fields" label={t('exchange.fields')} rules={[{ required: true }]}>
              <Checkbox.Group options={resource.data.fields.map((f) => ({ value: f.name, label: `${f.label}（${t(`catalog.grade.${f.sensitivity}` as never)}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="purpose" label={t('exchange.purpose')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space>
            <Form.Item name="validFrom" label={t('exchange.validFrom')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="validTo" label={t('exchange.validTo')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
          </Space>
          <Form.Item name="ratePerMinute" label={t('exchange.rate')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item name="clearText" label={t('exchange.clearText')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {clearText && (
            <Form.Item name="clearTextReason" label={t('exchange.clearTextReason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" disabled={!resourceId}>
            {t('exchange.request.submit')}
          </Button>
        </Form>
      </Card>
      <Card title={t('exchange.request.mine')}>
        {mine.error ? (
          <ErrorState error={mine.error} onRetry={mine.reload} />
        ) : (
          <Table<ExchangeRequest>
            rowKey="id"
            loading={mine.loading}
            dataSource={mine.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('exchange.request.none') }}
            data-testid="exchange-outbox"
            columns={[
              { title: t('exchange.resource'), width: 200, render: (_, r) => <TwoLines main={r.resource.name} sub={r.owner.name} /> },
              { title: t('exchange.purpose'), dataIndex: 'purpose' },
              { title: t('exchange.fields'), width: 220, render: (_, r) => <FieldsCell labels={fieldLabels(r.resource.id, r.fields)} clearText={r.clearText} /> },
              { title: t('exchange.periodAndRate'), width: 180, render: (_, r) => <PeriodCell {...r} /> },
              { title: t('exchange.state'), width: 90, render: (_, r) => <StateTag status={r.status} /> },
              {
                title: t('exchange.decision'),
                width: 180,
                render: (_, r) =>
                  r.status === 'pending' ? (
                    <Button size="small" onClick={() => void withdraw(r)}>
                      {t('exchange.withdraw')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Space, Switch, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client';
import { exchangeApi, type ExchangeRequest, type Grant } from '../../api/exchange';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { FieldsCell, PeriodCell, StateTag, TwoLines } from './labels';
import { useFieldLabels } from './useFieldLabels';

interface Narrowing {
  fields: string[];
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  reason?: string;
}

/** 审批待办: requests for my organisation's resources (approve / narrow / reject); grants to revoke. */
export default function ExchangeInboxPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const inbox = useApiQuery((signal) => exchangeApi.requests('inbox', signal), []);
  const grants = useApiQuery((signal) => exchangeApi.grants('owner', signal), []);
  const [deciding, setDeciding] = useState<ExchangeRequest | null>(null);
  const [form] = Form.useForm<Narrowing>();
  const fieldLabels = useFieldLabels([...(inbox.data?.items ?? []), ...(grants.data?.items ?? [])].map((r) => r.resource.id));
  // Waiting requests first; the service lists newest first within each.
  const requests = useMemo(() => [...(inbox.data?.items ?? [])].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending')), [inbox.data]);

  const failed = (error: unknown) => void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
  const reload = () => {
    inbox.reload();
    grants.reload();
  };

  async function approve(values: Narrowing) {
    try {
      const { reason, ...narrowing } = values;
      await exchangeApi.approve(deciding!.id, { version: deciding!.version, ...narrowing, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
      void message.success(t('exchange.approved'));
      setDeciding(null);
      reload();
    } catch (error) {
      failed(error);
    }
  }

  function askReason(title: string, act: (reason: string) => Promise<unknown>) {
    let reason = '';
    modal.confirm({
      title,
      content: <Input.TextArea rows={3} placeholder={t('exchange.reasonPlaceholder')} onChange={(e) => (reason = e.target.value)} data-testid="exchange-reason" />,
      onOk: async () => {
        if (reason.trim() === '') {
          void message.warning(t('exchange.reasonRequired'));
          throw new Error('reason required');
        }
        try {
          await act(reason.trim());
          reload();
        } catch (error) {
          failed(error);
          throw error;
        }
      },
    });
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeInbox')}</PageTitle>
      <Card title={t('exchange.inbox.requests')}>
        {inbox.error ? (
          <ErrorState error={inbox.error} onRetry={inbox.reload} />
        ) : (
          <Table<ExchangeRequest>
            rowKey="id"
            loading={inbox.loading}
            dataSource={requests}
            pagination={false}
            locale={{ emptyText: t('exchange.inbox.empty') }}
            data-testid="exchange-inbox"
            columns={[
              { title: t('exchange.consumer'), width: 180, render: (_, r) => <TwoLines main={r.consumer.name} sub={formatDateTime(r.createdAt, locale)} /> },
              { title: t('exchange.resource'), width: 120, render: (_, r) => r.resource.name },
              { title: t('exchange.purpose'), dataIndex: 'purpose' },
              { title: t('exchange.fields'), width: 190, render: (_, r) => <FieldsCell labels={fieldLabels(r.resource.id, r.fields)} clearText={r.clearText} /> },
              { title: t('exchange.periodAndRate'), width: 180, render: (_, r) => <PeriodCell {...r} /> },
              { title: t('exchange.state'), width: 90, render: (_, r) => <StateTag status={r.status} /> },
              {
                title: t('exchange.decision'),
                width: 160,
                render: (_, r) =>
                  r.status === 'pending' ? (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => {
                          setDeciding(r);
                          form.setFieldsValue({ fields: r.fields, validTo: r.validTo, ratePerMinute: r.ratePerMinute, clearText: r.clearText });
                        }}
                      >
                        {t('exchange.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => askReason(t('exchange.reject'), (reason) => exchangeApi.reject(r.id, r.version, reason))}>
                        {t('exchange.reject')}
                      </Button>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('exchange.inbox.grants')}>
        {grants.error ? (
          <ErrorState error={grants.error} onRetry={grants.reload} />
        ) : (
          <Table<Grant>
            rowKey="id"
            loading={grants.loading}
            dataSource={grants.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('exchange.inbox.grantsEmpty') }}
            data-testid="exchange-owner-grants"
            columns={[
              { title: t('exchange.consumer'), width: 180, render: (_, g) => g.consumer.name },
              { title: t('exchange.resource'), width: 120, render: (_, g) => g.resource.name },
              { title: t('exchange.grantedFields'), render: (_, g) => <FieldsCell labels={fieldLabels(g.resource.id, g.fields)} clearText={g.clearText} /> },
              { title: t('exchange.periodAndRate'), width: 180, render: (_, g) => <PeriodCell {...g} /> },
              { title: t('exchange.state'), width: 90, render: (_, g) => <StateTag status={g.status} /> },
              {
                title: t('exchange.decision'),
                width: 160,
                render: (_, g) =>
                  g.status === 'active' ? (
                    <Button size="small" danger onClick={() => askReason(t('exchange.revoke'), (reason) => exchangeApi.revoke(g.id, reason))}>
                      {t('exchange.revoke')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{g.revokeReason}</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={deciding !== null} title={t('exchange.approveTitle', { resource: deciding?.resource.name ?? '', consumer: deciding?.consumer.name ?? '' })} onCancel={() => setDeciding(null)} onOk={() => form.submit()} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('exchange.approveHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void approve(v)}>
          <Form.Item name="fields" label={t('exchange.grantedFields')} rules={[{ required: true }]}>
            <Checkbox.Group options={(deciding?.fields ?? []).map((f) => ({ value: f, label: fieldLabels(deciding!.resource.id, [f]) }))} />
          </Form.Item>
          <Form.Item name="validTo" label={t('exchange.validTo')}>
            <Input type="date" min={deciding?.validFrom} max={deciding?.validTo} />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={t('exchange.rate')}>
            <InputNumber min={1} max={deciding?.ratePerMinute ?? 1} />
          </Form.Item>
          <Form.Item name="clearText" label={t('exchange.clearText')} valuePropName="checked">
            <Switch disabled={!deciding?.clearText} />
          </Form.Item>
          <Form.Item name="reason" label={t('exchange.decisionReason')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { exchangeApi, type ExchangeRequest, type Grant } from '../../api/exchange';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { StateTag } from './labels';

interface Narrowing {
  fields: string[];
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
}

/** 审批待办: requests for my organisation's resources (approve / narrow / reject); grants to revoke. */
export default function ExchangeInboxPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const inbox = useApiQuery((signal) => exchangeApi.requests('inbox', signal), []);
  const grants = useApiQuery((signal) => exchangeApi.grants('owner', signal), []);
  const [deciding, setDeciding] = useState<ExchangeRequest | null>(null);
  const [form] = Form.useForm<Narrowing>();

  const failed = (error: unknown) => void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
  const reload = () => {
    inbox.reload();
    grants.reload();
  };

  async function approve(values: Narrowing) {
    try {
      await exchangeApi.approve(deciding!.id, { version: deciding!.version, ...values });
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
      content: <Input.TextArea rows={3} onChange={(e) => (reason = e.target.value)} data-testid="exchange-reason" />,
      onOk: async () => {
        try {
          await act(reason);
          reload();
        } catch (error) {
          failed(error);
          throw error;
        }
      },
    });
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeInbox')}</PageTitle>
      <Card title={t('exchange.inbox.requests')}>
        {inbox.error ? (
          <ErrorState error={inbox.error} onRetry={inbox.reload} />
        ) : (
          <Table<ExchangeRequest>
            rowKey="id"
            loading={inbox.loading}
            dataSource={inbox.data?.items ?? []}
            pagination={false}
            columns={[
              { title: t('exchange.resource'), render: (_, r) => r.resource.name },
              { title: t('exchange.consumer'), render: (_, r) => r.consumer.name },
              { title: t('exchange.purpose'), dataIndex: 'purpose' },
              { title: t('exchange.fields'), render: (_, r) => r.fields.join('、') },
              { title: t('exchange.period'), render: (_, r) => `${r.validFrom} ~ ${r.validTo}` },
              { title: t('exchange.rate'), dataIndex: 'ratePerMinute' },
              { title: t('exchange.state'), render: (_, r) => <StateTag status={r.status} /> },
              {
                title: '',
                render: (_, r) =>
                  r.status === 'pending' && (
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
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('exchange.inbox.grants')}>
        <Table<Grant>
          rowKey="id"
          loading={grants.loading}
          dataSource={grants.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('exchange.resource'), render: (_, g) => g.resource.name },
            { title: t('exchange.consumer'), render: (_, g) => g.consumer.name },
            { title: t('exchange.period'), render: (_, g) => `${g.validFrom} ~ ${g.validTo}` },
            { title: t('exchange.state'), render: (_, g) => <StateTag status={g.status} /> },
            {
              title: '',
              render: (_, g) =>
                g.status === 'active' ? (
                  <Button size="small" danger onClick={() => askReason(t('exchange.revoke'), (reason) => exchangeApi.revoke(g.id, reason))}>
                    {t('exchange.revoke')}
                  </Button>
                ) : (
                  g.revokeReason
                ),
            },
          ]}
        />
      </Card>
      <Modal open={deciding !== null} title={t('exchange.approve')} onCancel={() => setDeciding(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void approve(v)}>
          <Form.Item name="fields" label={t('exchange.fields')} rules={[{ required: true }]}>
            <Checkbox.Group options={(deciding?.fields ?? []).map((f) => ({ value: f, label: f }))} />
          </Form.Item>
          <Form.Item name="validTo" label={t('exchange.validTo')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={t('exchange.rate')}>
            <InputNumber min={1} max={deciding?.ratePerMinute ?? 1} />
          </Form.Item>
          <Form.Item name="clearText" label={t('exchange.clearText')} valuePropName="checked">
            <Switch disabled={!deciding?.clearText} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { apiKeysApi, type ApiKey, type IssuedApiKey } from '../../api/apiKeys';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';

const GATEWAY_SCOPE = 'exchange.call';

function KeyState({ apiKey }: { apiKey: ApiKey }) {
  const { t } = useI18n();
  if (apiKey.revokedAt) {
    return <Tag color="error">{t('exchange.keys.status.revoked')}</Tag>;
  }
  if (apiKey.expiresAt && new Date(apiKey.expiresAt).getTime() < Date.now()) {
    return <Tag color="warning">{t('exchange.keys.status.expired')}</Tag>;
  }
  return <Tag color="success">{t('exchange.keys.status.active')}</Tag>;
}

/**
 * 网关调用密钥: the organisation's API keys with scope `exchange.call`, issued here for a
 * department system; the secret is shown once, in a dialog, and never again.
 */
export function ApiKeysCard({ organisationId }: { organisationId: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const keys = useApiQuery((signal) => apiKeysApi.list(signal), []);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const failed = (error: unknown) => void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));

  async function issue({ name }: { name: string }) {
    try {
      setIssued(await apiKeysApi.create({ name: name.trim(), organisationId, scopes: [GATEWAY_SCOPE] }));
      setIssuing(false);
      form.resetFields();
      keys.reload();
    } catch (error) {
      failed(error);
    }
  }

  async function revoke(id: string) {
    try {
      await apiKeysApi.revoke(id);
      keys.reload();
    } catch (error) {
      failed(error);
    }
  }

  const mine = (keys.data?.items ?? []).filter((k) => k.organisationId === organisationId && k.scopes.includes(GATEWAY_SCOPE));
  return (
    <Card
      title={t('exchange.keys.title')}
      extra={
        <Button type="primary" onClick={() => setIssuing(true)} data-testid="api-key-issue">
          {t('exchange.keys.issue')}
        </Button>
      }
      data-testid="api-keys"
    >
      <Typography.Paragraph type="secondary">{t('exchange.keys.hint')}</Typography.Paragraph>
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={keys.reload} />
      ) : (
        <Table<ApiKey>
          rowKey="id"
          size="middle"
          loading={keys.loading}
          dataSource={mine}
          pagination={false}
          locale={{ emptyText: t('exchange.keys.empty') }}
          columns={[
            { title: t('exchange.keys.name'), dataIndex: 'name' },
            { title: t('exchange.keys.prefix'), render: (_, k) => <Typography.Text code>{`yw_${k.prefix}_…`}</Typography.Text> },
            { title: t('exchange.keys.scopes'), render: (_, k) => k.scopes.map((s) => <Tag key={s}>{s}</Tag>) },
            { title: t('exchange.keys.createdAt'), render: (_, k) => formatDateTime(k.createdAt, locale) },
            { title: t('exchange.keys.lastUsedAt'), render: (_, k) => formatDateTime(k.lastUsedAt, locale) },
            { title: t('exchange.state'), render: (_, k) => <KeyState apiKey={k} /> },
            {
              title: '',
              render: (_, k) =>
                !k.revokedAt && (
                  <Popconfirm title={t('exchange.keys.revokeConfirm')} onConfirm={() => revoke(k.id)}>
                    <Button size="small" danger>
                      {t('exchange.keys.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      <Modal open={issuing} title={t('exchange.keys.issue')} onCancel={() => setIssuing(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void issue(v)}>
          <Form.Item name="name" label={t('exchange.keys.name')} rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}>
            <Input placeholder={t('exchange.keys.namePlaceholder')} data-testid="api-key-name" />
          </Form.Item>
          <Form.Item label={t('exchange.keys.scopes')}>
            <Tag>{GATEWAY_SCOPE}</Tag>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={issued !== null}
        title={t('exchange.keys.issued')}
        onCancel={() => setIssued(null)}
        footer={
          <Button type="primary" onClick={() => setIssued(null)}>
            {t('exchange.keys.done')}
          </Button>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('exchange.keys.copyOnce')} />
          <Typography.Paragraph copyable={{ text: issued?.key ?? '' }} code data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
            {issued?.key}
          </Typography.Paragraph>
        </Space>
      </Modal>
    </Card>
  );
}

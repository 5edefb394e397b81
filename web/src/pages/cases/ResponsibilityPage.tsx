import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { casesApi, type Category } from './api';
import { useCategories, useDepartments } from './labels';

interface Values {
  organisationCode: string;
  urgentHours: number;
  limitDays: number;
}

/** 权责清单: each category's department and time limits, edited line by line. */
export default function ResponsibilityPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const categories = useCategories();
  const departments = useDepartments();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Category | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const nameOf = useMemo(() => new Map((departments.data ?? []).map((d) => [d.code, d.name])), [departments.data]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (categories.data ?? []).filter((c) => needle === '' || c.name.toLowerCase().includes(needle) || c.code.toLowerCase().includes(needle) || c.group.includes(needle));
  }, [categories.data, q]);

  async function save(values: Values) {
    setBusy(true);
    try {
      await casesApi.updateResponsibility(editing!.code, { version: editing!.responsibility.version, ...values });
      void message.success(t('cases.resp.saved'));
      setEditing(null);
      categories.reload();
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  }

  if (categories.error) {
    return <ErrorState error={categories.error} onRetry={categories.reload} />;
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.casesResponsibility')}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary">{t('cases.resp.intro')}</Typography.Paragraph>
        <Input.Search allowClear placeholder={t('cases.resp.search')} style={{ maxWidth: 320, marginBottom: 16 }} onSearch={setQ} onChange={(e) => setQ(e.target.value)} />
        <Table<Category>
          rowKey="code"
          size="small"
          loading={categories.loading}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
          data-testid="responsibility-table"
          columns={[
            { title: t('cases.field.category'), render: (_, c) => `${c.name}（${c.code}）` },
            { title: t('cases.resp.group'), width: 150, render: (_, c) => `${t(`cases.resp.kind.${c.kind}`)} · ${c.group}` },
            { title: t('cases.resp.organisation'), width: 200, render: (_, c) => nameOf.get(c.responsibility.organisationCode) ?? c.responsibility.organisationCode },
            { title: t('cases.resp.urgentHours'), width: 130, align: 'right', render: (_, c) => c.responsibility.urgentHours },
            { title: t('cases.resp.limitDays'), width: 140, align: 'right', render: (_, c) => c.responsibility.limitDays },
            { title: t('cases.resp.iotTypes'), width: 140, render: (_, c) => c.iotTypes.map((type) => <Tag key={type}>{type}</Tag>) },
            { title: t('cases.resp.updatedAt'), width: 170, render: (_, c) => formatDateTime(c.responsibility.updatedAt, locale) },
            {
              title: t('cases.field.actions'),
              width: 80,
              render: (_, c) => (
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(c);
                    form.setFieldsValue({ organisationCode: c.responsibility.organisationCode, urgentHours: c.responsibility.urgentHours, limitDays: c.responsibility.limitDays });
                  }}
                >
                  {t('cases.resp.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={editing !== null} title={t('cases.resp.editTitle', { name: editing?.name ?? '' })} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="organisationCode" label={t('cases.resp.organisation')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" loading={departments.loading} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
          <Form.Item name="urgentHours" label={t('cases.resp.urgentHours')} rules={[{ required: true }]}>
            <InputNumber min={1} max={720} precision={0} />
          </Form.Item>
          <Form.Item name="limitDays" label={t('cases.resp.limitDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

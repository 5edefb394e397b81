import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Radio, Rate, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { PagedTable } from '../../../components/PagedTable';
import { PageTitle } from '../../../components/PageTitle';
import { formatDateTime } from '../../../format';
import { useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { rectificationsApi, type Finding, type Rectification } from '../applications-api';

const FINDINGS: Finding[] = ['属实', '部分属实', '不属实'];

/** 差评整改: the 差评 of the officer's organisation, open ones first by due date, each answered with a finding and a reply. */
export default function RectificationsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { params, update } = useListParams();
  const status = params.get('status') === 'answered' ? 'answered' : params.get('status') === 'all' ? undefined : 'open';
  const [answering, setAnswering] = useState<Rectification | null>(null);
  const [done, setDone] = useState(0);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ finding: Finding; reply: string }>();

  async function answer(values: { finding: Finding; reply: string }) {
    setBusy(true);
    try {
      await rectificationsApi.answer(answering!.id, { version: answering!.version, finding: values.finding, reply: values.reply.trim() });
      void message.success(t('services.rectify.answered'));
      setAnswering(null);
      setDone((n) => n + 1);
    } catch (error) {
      void message.error(isApiError(error) ? `${error.message} (${error.code})` : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={12}>
      <Link to=".." relative="path">
        <ArrowLeftOutlined /> {t('nav.servicesHandle')}
      </Link>
      <PageTitle>{t('services.rectify.title')}</PageTitle>
      <Segmented
        style={{ alignSelf: 'flex-start' }}
        value={status ?? 'all'}
        onChange={(value) => update({ status: value === 'open' ? null : value, page: null })}
        options={[
          { value: 'open', label: t('services.rectify.open') },
          { value: 'answered', label: t('services.rectify.done') },
          { value: 'all', label: t('services.officer.anyStatus') },
        ]}
      />
      <PagedTable<Rectification>
        rowKey="id"
        filterKey={`${status ?? 'all'}|${done}`}
        load={(page, signal) => rectificationsApi.list({ ...page, ...(status ? { status } : {}) }, signal)}
        columns={[
          { title: t('services.officer.item'), render: (_v, r) => r.rating.itemName },
          {
            title: t('services.rating.title'),
            render: (_v, r) => (
              <Flex vertical gap={2}>
                <span>
                  <Rate disabled value={r.rating.score} style={{ fontSize: 12 }} /> {r.rating.level}
                </span>
                {r.rating.comment && <Typography.Text type="secondary">{r.rating.comment}</Typography.Text>}
              </Flex>
            ),
          },
          { title: t('services.rectify.ratedAt'), render: (_v, r) => formatDateTime(r.rating.createdAt, locale) },
          { title: t('services.rectify.dueOn'), dataIndex: 'dueOn' },
          {
            title: t('services.receipt.status'),
            render: (_v, r) =>
              r.status === 'open' ? (
                <Tag color="orange">{t('services.rectify.open')}</Tag>
              ) : (
                <Flex vertical gap={2}>
                  <span>
                    <Tag color="green">{r.finding}</Tag>
                  </span>
                  <Typography.Text type="secondary">{r.reply}</Typography.Text>
                </Flex>
              ),
          },
          {
            title: '',
            render: (_v, r) =>
              r.status === 'open' && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    form.resetFields();
                    setAnswering(r);
                  }}
                >
                  {t('services.rectify.answer')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={answering !== null} title={`${t('services.rectify.answer')} · ${answering?.rating.itemName ?? ''}`} onOk={() => form.submit()} okButtonProps={{ loading: busy }} onCancel={() => setAnswering(null)} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => void answer(values)} initialValues={{ finding: '属实' }}>
          <Form.Item name="finding" label={t('services.rectify.finding')}>
            <Radio.Group options={FINDINGS.map((value) => ({ value, label: value }))} />
          </Form.Item>
          <Form.Item name="reply" label={t('services.rectify.reply')} rules={[{ required: true, whitespace: true, min: 2, message: t('services.officer.reasonRequired') }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

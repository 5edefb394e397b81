import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Result, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { useI18n } from '../../i18n';
import { CASE_TYPES, casesApi, type CaseType, type CaseView, type Urgency } from './api';
import { categoryOptions, StatusTag, SuggestionText, useCategories } from './labels';

interface Values {
  reporterName?: string;
  reporterPhone?: string;
  type: CaseType;
  categoryCode?: string;
  description: string;
  address?: string;
  lon?: number | null;
  lat?: number | null;
  urgency: Urgency;
}

const PHONE = /^\+?[0-9][0-9-]{4,19}$/;
const trimmed = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

/** 热线受理: the operator records a call; the answer shows the case number and its category. */
export default function HotlinePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const [created, setCreated] = useState<CaseView | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    try {
      const point = typeof values.lon === 'number' && typeof values.lat === 'number' ? { lon: values.lon, lat: values.lat } : undefined;
      const c = await casesApi.hotline({
        type: values.type,
        description: values.description.trim(),
        urgency: values.urgency,
        ...(values.categoryCode ? { categoryCode: values.categoryCode } : {}),
        ...(trimmed(values.address) ? { address: trimmed(values.address) } : {}),
        ...(trimmed(values.reporterName) ? { reporterName: trimmed(values.reporterName) } : {}),
        ...(trimmed(values.reporterPhone) ? { reporterPhone: trimmed(values.reporterPhone) } : {}),
        ...(point ? { point } : {}),
      });
      setCreated(c);
      form.resetFields();
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.casesHotline')}</PageTitle>
      {created && (
        <Card data-testid="hotline-result">
          <Result
            status="success"
            title={<span data-testid="hotline-number">{t('cases.hotline.done', { number: created.number })}</span>}
            subTitle={
              <Space orientation="vertical" size={4}>
                <span>
                  <StatusTag status={created.status} />
                  {created.categoryName ? t('cases.hotline.categoryResult', { category: created.categoryName }) : t('cases.hotline.noCategory')}
                </span>
                {created.suggestion && (
                  <span>
                    {t('cases.field.suggestion')}：<SuggestionText c={created} categories={categories.data} />
                  </span>
                )}
                {created.organisation?.name && <span>{t('cases.hotline.dispatchedTo', { organisation: created.organisation.name })}</span>}
              </Space>
            }
            extra={[
              <Link key="open" to={`/cases/${created.id}`}>
                <Button type="primary">{t('cases.hotline.openDetail')}</Button>
              </Link>,
              <Button key="next" onClick={() => setCreated(null)}>
                {t('cases.hotline.next')}
              </Button>,
            ]}
          />
        </Card>
      )}
      <Card style={{ display: created ? 'none' : undefined }}>
        <Typography.Paragraph type="secondary">{t('cases.hotline.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ type: 'complaint', urgency: 'normal' }} data-testid="hotline-form">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="reporterName" label={t('cases.field.reporterName')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="reporterPhone" label={t('cases.field.reporterPhone')} rules={[{ pattern: PHONE, message: t('cases.form.phoneInvalid') }]}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="urgency" label={t('cases.field.urgency')}>
                <Radio.Group optionType="button" options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="type" label={t('cases.field.type')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={CASE_TYPES.map((type) => ({ value: type, label: t(`cases.type.${type}`) }))} data-testid="hotline-type" />
          </Form.Item>
          <Form.Item name="description" label={t('cases.field.description')} rules={[{ required: true, whitespace: true, min: 5, message: t('cases.form.descriptionRequired') }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item name="categoryCode" label={t('cases.field.category')} extra={t('cases.hotline.categoryHint')}>
            <Select allowClear showSearch optionFilterProp="label" options={categoryOptions(categories.data)} loading={categories.loading} data-testid="hotline-category" />
          </Form.Item>
          <Form.Item name="address" label={t('cases.field.address')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item label={t('cases.field.point')} extra={t('cases.form.pointHint')}>
            <Space wrap>
              <Form.Item name="lon" noStyle>
                <InputNumber min={-180} max={180} step={0.000001} placeholder={t('cases.field.lon')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="lat" noStyle>
                <InputNumber min={-90} max={90} step={0.000001} placeholder={t('cases.field.lat')} style={{ width: 160 }} />
              </Form.Item>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="hotline-submit">
            {t('cases.hotline.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, List, Pagination, Radio, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { CASE_TYPES, casesApi, type CaseType } from './api';
import { categoryOptions, StatusTag, useCategories } from './labels';
import './cases.css';

interface Values {
  type: CaseType;
  categoryCode?: string;
  description: string;
  address?: string;
  lon?: number | null;
  lat?: number | null;
}

type Fix = { state: 'idle' } | { state: 'locating' } | { state: 'located'; accuracy: number } | { state: 'failed'; reason: string };
const PAGE_SIZE = 10;

/** 网格上报: a phone-width patrol report with the browser's GPS fix (or typed coordinates), and my reports. */
export default function GridReportPage({ detailBase = '/cases' }: { detailBase?: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const [fix, setFix] = useState<Fix>({ state: 'idle' });
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState(1);
  const [refresh, setRefresh] = useState(0);
  const mine = useApiQuery((signal) => casesApi.queue({ page, pageSize: PAGE_SIZE, mine: true, channel: 'grid' }, signal), [page, refresh]);

  function locate() {
    if (!('geolocation' in navigator)) {
      setFix({ state: 'failed', reason: 'unsupported' });
      return;
    }
    setFix({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.setFieldsValue({ lon: Number(position.coords.longitude.toFixed(6)), lat: Number(position.coords.latitude.toFixed(6)) });
        setFix({ state: 'located', accuracy: Math.round(position.coords.accuracy) });
      },
      (error) => setFix({ state: 'failed', reason: error.message || String(error.code) }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  async function submit(values: Values) {
    setBusy(true);
    try {
      const point = typeof values.lon === 'number' && typeof values.lat === 'number' ? { lon: values.lon, lat: values.lat } : undefined;
      const address = values.address?.trim();
      const c = await casesApi.gridReport({
        type: values.type,
        description: values.description.trim(),
        ...(values.categoryCode ? { categoryCode: values.categoryCode } : {}),
        ...(address ? { address } : {}),
        ...(point ? { point } : {}),
      });
      // The case stands once created; a photo that fails is reported, the report is not lost.
      for (const photo of photos) {
        if (photo.originFileObj) {
          await casesApi.uploadAttachment(c.id, photo.originFileObj, photo.name).catch((error: unknown) => {
            void message.warning(`${photo.name}: ${isApiError(error) ? error.message : String(error)}`);
          });
        }
      }
      void message.success(t('cases.grid.done', { number: c.number }));
      form.resetFields();
      setPhotos([]);
      setFix({ state: 'idle' });
      setPage(1);
      setRefresh((n) => n + 1);
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="yw-grid-report">
      <Flex align="baseline" justify="space-between" wrap>
        <PageTitle>{t('nav.casesGrid')}</PageTitle>
        {detailBase === '/cases' && <Link to="/m/grid">{t('cases.grid.mobile')}</Link>}
      </Flex>
      <Card title={t('cases.grid.title')} size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ type: 'report' }} data-testid="grid-form">
          <Form.Item name="type" label={t('cases.field.type')}>
            <Radio.Group optionType="button" size="small" options={CASE_TYPES.map((type) => ({ value: type, label: t(`cases.type.${type}`) }))} />
          </Form.Item>
          <Form.Item name="categoryCode" label={t('cases.field.category')}>
            <Select allowClear showSearch optionFilterProp="label" options={categoryOptions(categories.data)} />
          </Form.Item>
          <Form.Item name="description" label={t('cases.field.description')} rules={[{ required: true, whitespace: true, min: 5, message: t('cases.form.descriptionRequired') }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="address" label={t('cases.field.address')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item label={t('cases.field.point')}>
            <Button icon={<AimOutlined />} onClick={locate} loading={fix.state === 'locating'} block data-testid="grid-locate">
              {fix.state === 'locating' ? t('cases.grid.locating') : t('cases.grid.locate')}
            </Button>
            {fix.state === 'located' && <Typography.Text type="success">{t('cases.grid.located', { accuracy: fix.accuracy })}</Typography.Text>}
            {fix.state === 'failed' && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('cases.grid.locateFailed', { reason: fix.reason })} data-testid="grid-locate-failed" />}
            <div className="yw-grid-point">
              <Form.Item name="lon" noStyle>
                <InputNumber min={-180} max={180} step={0.000001} placeholder={t('cases.field.lon')} data-testid="grid-lon" />
              </Form.Item>
              <Form.Item name="lat" noStyle>
                <InputNumber min={-90} max={90} step={0.000001} placeholder={t('cases.field.lat')} data-testid="grid-lat" />
              </Form.Item>
            </div>
          </Form.Item>
          <Form.Item label={t('cases.grid.photos')} extra={t('cases.grid.photosHint')}>
            <Upload
              listType="picture-card"
              accept="image/jpeg,image/png,image/webp"
              capture="environment"
              multiple
              fileList={photos}
              beforeUpload={() => false}
              onChange={({ fileList }) => setPhotos(fileList.slice(0, 9))}
              data-testid="grid-photos"
            >
              {photos.length < 9 && (
                <div>
                  <CameraOutlined style={{ fontSize: 20 }} />
                  <div style={{ marginTop: 4 }}>{t('cases.grid.addPhoto')}</div>
                </div>
              )}
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="grid-submit">
            {t('cases.grid.submit')}
          </Button>
        </Form>
      </Card>
      <Card title={t('cases.grid.mine')} size="small" style={{ marginTop: 16 }}>
        {mine.error ? (
          <ErrorState error={mine.error} onRetry={mine.reload} />
        ) : (
          <>
            <List
              loading={mine.loading}
              dataSource={mine.data?.items ?? []}
              locale={{ emptyText: t('common.empty') }}
              data-testid="grid-mine"
              renderItem={(c) => (
                <List.Item key={c.id}>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space size={4} wrap>
                      <Link to={`${detailBase}/${c.id}`}>{c.number}</Link>
                      <StatusTag status={c.status} />
                    </Space>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {c.description}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(c.createdAt, locale)}
                      {c.categoryName ? ` · ${c.categoryName}` : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {(mine.data?.total ?? 0) > PAGE_SIZE && <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={mine.data?.total ?? 0} onChange={setPage} style={{ marginTop: 8 }} />}
          </>
        )}
      </Card>
    </div>
  );
}

import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { iotApi, type Alarm } from './api';
import { ConnectivityTag, DeviceStatusTag, SeverityTag } from './labels';
import { ruleText } from './ruleText';
import { TelemetryChart } from './TelemetryChart';

const RANGES = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 } as const;
type Range = keyof typeof RANGES;

/** `/iot/devices/:code`: the device, its latest state, telemetry charts over a chosen range, its rules and alarms. */
export default function DeviceDetailPage() {
  const { code = '' } = useParams();
  const { t, locale } = useI18n();
  const me = useMe();
  const { modal, message } = App.useApp();
  const [range, setRange] = useState<Range>('24h');
  const [stamp, setStamp] = useState(() => Date.now());
  const device = useApiQuery((signal) => iotApi.device(code, signal), [code, stamp]);
  const telemetry = useApiQuery((signal) => iotApi.telemetry(code, { from: new Date(stamp - RANGES[range]).toISOString(), to: new Date(stamp).toISOString(), points: 300 }, signal), [code, range, stamp]);
  const typeCode = device.data?.typeCode;
  const rules = useApiQuery((signal) => (typeCode ? Promise.all([iotApi.rules({ typeCode }, signal), iotApi.rules({ deviceCode: code }, signal)]).then(([a, b]) => [...a, ...b.filter((r) => !a.some((x) => x.id === r.id))]) : Promise.resolve([])), [typeCode, code]);
  const alarms = useApiQuery((signal) => iotApi.alarms({ page: 1, pageSize: 10, deviceCode: code }, signal), [code, stamp]);

  if (device.error) {
    return <ErrorState error={device.error} onRetry={device.reload} />;
  }
  const d = device.data;
  const numeric = d?.type.fields.filter((f) => f.type !== 'boolean') ?? [];

  function rotate() {
    modal.confirm({
      title: t('iot.detail.rotate'),
      content: t('iot.detail.rotateConfirm'),
      onOk: async () => {
        try {
          const answer = await iotApi.rotateCredential(code);
          modal.info({ title: t('iot.field.credential'), width: 560, content: <Space orientation="vertical"><span>{t('iot.detail.newCredential')}</span><Typography.Text code copyable>{answer.credential}</Typography.Text></Space> });
        } catch (error) {
          void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
        }
      },
    });
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/iot/devices">
        <ArrowLeftOutlined /> {t('iot.detail.back')}
      </Link>
      <PageTitle>{d ? `${d.name}（${d.code}）` : code}</PageTitle>
      <Card loading={!d} extra={d && hasPermission(me, 'iot.device.manage') ? <Button onClick={rotate}>{t('iot.detail.rotate')}</Button> : undefined}>
        {d && (
          <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} data-testid="device-fields">
            <Descriptions.Item label={t('iot.field.type')}>{d.type.name}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.status')}>
              <Space size={2}>
                <DeviceStatusTag status={d.status} />
                <ConnectivityTag device={d} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.field.owner')}>{d.owner.name}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.address')}>{d.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.location')}>{d.location ? `${d.location.lon.toFixed(6)}, ${d.location.lat.toFixed(6)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.vendor')}>{[d.vendor, d.model].filter(Boolean).join(' / ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.division')}>{d.divisionCode}{d.gridCode ? ` · ${t('iot.field.grid')} ${d.gridCode}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.installedOn')}>{d.installedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.field.openAlarms')}>{d.openAlarms}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('iot.detail.state')}>
        {d?.state.lastTs && (
          <Typography.Paragraph type="secondary">{t('iot.detail.stateAt', { at: formatDateTime(d.state.lastTs, locale) })}</Typography.Paragraph>
        )}
        {d && Object.keys(d.state.values).length === 0 ? (
          <Empty description={t('iot.detail.noState')} />
        ) : (
          <Row gutter={[16, 16]} data-testid="device-state">
            {d?.type.fields.map((f) => {
              const value = d.state.values[f.key];
              return (
                <Col key={f.key} xs={12} md={6}>
                  <Statistic title={f.label} value={value === undefined ? '—' : String(value)} suffix={value === undefined ? undefined : f.unit} />
                </Col>
              );
            })}
          </Row>
        )}
      </Card>
      <Card title={t('iot.detail.telemetry')}>
        <Segmented<Range>
          value={range}
          onChange={(value) => {
            setRange(value);
            setStamp(Date.now());
          }}
          options={(Object.keys(RANGES) as Range[]).map((r) => ({ value: r, label: t(`iot.detail.range.${r}`) }))}
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
          data-testid="telemetry-range"
        />
        {telemetry.error ? (
          <ErrorState error={telemetry.error} onRetry={telemetry.reload} />
        ) : telemetry.data && telemetry.data.points.length === 0 ? (
          <Empty description={t('iot.detail.noData')} />
        ) : (
          telemetry.data && (
            <>
              <Typography.Text type="secondary" style={{ display: 'block' }}>{telemetry.data.bucketSeconds > 0 ? t('iot.detail.bucket', { seconds: telemetry.data.bucketSeconds }) : t('iot.detail.raw')}</Typography.Text>
              <Row gutter={[16, 16]}>
                {numeric.map((f) => (
                  <Col key={f.key} xs={24} xl={12}>
                    <Typography.Title level={5} style={{ marginTop: 12 }}>
                      {f.label}
                      {f.unit ? `（${f.unit}）` : ''}
                    </Typography.Title>
                    <TelemetryChart field={f} telemetry={telemetry.data!} rules={rules.data ?? []} />
                  </Col>
                ))}
              </Row>
            </>
          )
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('iot.detail.rules')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 480 }}
              loading={rules.loading}
              dataSource={rules.data ?? []}
              columns={[
                { title: t('iot.rule.name'), width: 120, render: (_, r) => r.name },
                { title: t('iot.rule.condition'), render: (_, r) => d ? ruleText(t, r, d.type) : '' },
                { title: t('iot.rule.severity'), width: 80, render: (_, r) => <SeverityTag severity={r.severity} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('iot.detail.alarms')} extra={<Link to={`/iot/alarms?deviceCode=${encodeURIComponent(code)}`}>{t('nav.iotAlarms')}</Link>}>
            <Table<Alarm>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 480 }}
              loading={alarms.loading}
              dataSource={alarms.data?.items ?? []}
              columns={[
                { title: t('iot.alarm.raisedAt'), width: 110, render: (_, a) => formatDateTime(a.raisedAt, locale) },
                { title: t('iot.alarm.message'), render: (_, a) => a.message },
                { title: t('iot.field.status'), width: 90, render: (_, a) => t(`iot.alarmStatus.${a.status}`) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

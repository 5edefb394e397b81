import { Button, Card, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { api, type Page } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { PagedTable } from '../../components/PagedTable';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';
import { iotApi, SEVERITIES, type Alarm, type Severity } from './api';
import { SeverityTag, typeName, useDeviceTypes } from './labels';

/**
 * The case an alarm opened (`source_ref` iot.alarm:<id>), if the user may read cases. The case
 * is opened in the background shortly after the alarm, so a refresh of the list looks again.
 */
function AlarmCase({ alarmId, refresh }: { alarmId: string; refresh: number }) {
  const { t } = useI18n();
  const found = useApiQuery(
    (signal) => api.get<Page<{ id: string; number: string; status: string }>>('/cases', { sourceRef: `iot.alarm:${alarmId}`, page: 1, pageSize: 1 }, signal).then((p) => p.items[0] ?? null),
    [alarmId, refresh],
  );
  if (found.loading && found.data === undefined) {
    return <Typography.Text type="secondary">…</Typography.Text>;
  }
  return found.data ? (
    <Link to={`/cases/${found.data.id}`} data-testid="alarm-case">
      {found.data.number}
    </Link>
  ) : (
    <Typography.Text type="secondary">{t('iot.alarm.noCase')}</Typography.Text>
  );
}

/** 物联告警: active and cleared alarms of one's region, each with the case it opened. */
export default function AlarmsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { params, update } = useListParams();
  const types = useDeviceTypes();
  const [refresh, setRefresh] = useState(0);
  const canReadCases = hasPermission(me, 'cases.read');
  const single = params.get('alarm');
  const filters = {
    status: (params.get('status') as 'active' | 'cleared' | null) ?? undefined,
    severity: (params.get('severity') as Severity | null) ?? undefined,
    typeCode: params.get('typeCode') ?? undefined,
    deviceCode: params.get('deviceCode') ?? undefined,
  };
  const set = (key: string) => (value: string | undefined) => update({ [key]: value ?? null, page: null });
  const one = useApiQuery((signal) => (single ? iotApi.alarm(single, signal).then((a) => [a]) : Promise.resolve([] as Alarm[])), [single]);

  const columns = [
    { title: t('iot.alarm.raisedAt'), width: 170, render: (_: unknown, a: Alarm) => formatDateTime(a.raisedAt, locale) },
    {
      title: t('iot.alarm.device'),
      width: 180,
      render: (_: unknown, a: Alarm) => (
        <div>
          <Link to={`/iot/devices/${encodeURIComponent(a.device.code)}`}>{a.device.name}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.device.code} · {typeName(types.data, a.device.typeCode)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('iot.alarm.message'),
      render: (_: unknown, a: Alarm) => (
        <div style={{ maxWidth: 320, whiteSpace: 'normal' }}>
          <div>{a.message}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('iot.alarm.rule')}：{a.ruleName}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('iot.rule.severity'), width: 80, render: (_: unknown, a: Alarm) => <SeverityTag severity={a.severity} /> },
    {
      title: t('iot.field.status'),
      width: 120,
      render: (_: unknown, a: Alarm) => (
        <div>
          <Typography.Text type={a.status === 'active' ? 'danger' : 'secondary'} data-testid="alarm-status">
            {t(`iot.alarmStatus.${a.status}`)}
          </Typography.Text>
          {a.clearedAt && (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {formatDateTime(a.clearedAt, locale)}
                {a.clearReason ? ` · ${a.clearReason}` : ''}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    ...(canReadCases ? [{ title: t('iot.alarm.case'), width: 150, render: (_: unknown, a: Alarm) => <AlarmCase alarmId={a.id} refresh={refresh} /> }] : []),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.iotAlarms')}</PageTitle>
      <Card>
        {single ? (
          <>
            <Button style={{ marginBottom: 16 }} onClick={() => update({ alarm: null })}>
              {t('iot.alarm.device')} · {t('nav.iotAlarms')} ✕
            </Button>
            {one.error ? <ErrorState error={one.error} onRetry={one.reload} /> : <Table<Alarm> rowKey="id" loading={one.loading} dataSource={one.data ?? []} columns={columns} pagination={false} scroll={{ x: 'max-content' }} data-testid="alarm-table" />}
          </>
        ) : (
          <>
            <Flex wrap gap={8} style={{ marginBottom: 16 }}>
              <Select allowClear style={{ width: 120 }} placeholder={t('iot.anyStatus')} value={filters.status} onChange={set('status')} options={(['active', 'cleared'] as const).map((s) => ({ value: s, label: t(`iot.alarmStatus.${s}`) }))} data-testid="alarm-status-filter" />
              <Select allowClear style={{ width: 120 }} placeholder={t('iot.anySeverity')} value={filters.severity} onChange={set('severity')} options={SEVERITIES.map((s) => ({ value: s, label: t(`iot.severity.${s}`) }))} />
              <Select allowClear style={{ width: 170 }} placeholder={t('iot.anyType')} value={filters.typeCode} onChange={set('typeCode')} options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />
              <Input.Search allowClear style={{ width: 200 }} placeholder={t('iot.field.code')} defaultValue={filters.deviceCode} onSearch={(v) => set('deviceCode')(v.trim() || undefined)} />
              <Button onClick={() => setRefresh((n) => n + 1)} data-testid="alarm-refresh">
                {t('cases.refresh')}
              </Button>
            </Flex>
            <PagedTable<Alarm> rowKey="id" filterKey={`${JSON.stringify(filters)}#${refresh}`} load={(page, signal) => iotApi.alarms({ ...page, ...filters }, signal)} columns={columns} data-testid="alarm-table" />
          </>
        )}
      </Card>
    </Space>
  );
}

import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { isApiError } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { PagedTable } from '../../components/PagedTable';
import { formatDateTime } from '../../format';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';
import { DEVICE_STATUSES, iotApi, type Connectivity, type Device, type DeviceStatus } from './api';
import { ConnectivityTag, DeviceStatusTag, typeName, useDeviceTypes } from './labels';

/** The credentials of an import as a CSV file the user keeps (they are shown only once). */
function downloadCredentials(credentials: Array<{ code: string; credential: string }>) {
  const csv = ['code,credential', ...credentials.map((c) => `${c.code},${c.credential}`)].join('\n');
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'device-credentials.csv';
  link.click();
  URL.revokeObjectURL(url);
}

/** 物联设备: search and filter the register; bulk registration from a CSV file. */
export default function DeviceListPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { modal } = App.useApp();
  const { params, q, setQuery, update } = useListParams();
  const types = useDeviceTypes();
  const [refresh, setRefresh] = useState(0);
  const [importing, setImporting] = useState(false);
  const canManage = hasPermission(me, 'iot.device.manage');
  const filters = {
    q: q || undefined,
    typeCode: params.get('typeCode') ?? undefined,
    status: (params.get('status') as DeviceStatus | null) ?? undefined,
    connectivity: (params.get('connectivity') as Connectivity | null) ?? undefined,
  };
  const set = (key: string) => (value: string | undefined) => update({ [key]: value ?? null, page: null });

  async function importFile(file: File) {
    setImporting(true);
    try {
      const result = await iotApi.importCsv(await file.text());
      setRefresh((n) => n + 1);
      modal.success({
        title: t('iot.import'),
        width: 520,
        content: (
          <Space orientation="vertical">
            <span>{t('iot.import.done', { count: result.created })}</span>
            <Button onClick={() => downloadCredentials(result.credentials)}>{t('iot.import.download')}</Button>
          </Space>
        ),
      });
    } catch (error) {
      const details = isApiError(error) && error.details ? JSON.stringify(error.details).slice(0, 600) : '';
      modal.error({ title: t('iot.import'), content: `${t('iot.import.failed', { message: isApiError(error) ? `${error.code}: ${error.message}` : String(error) })} ${details}` });
    } finally {
      setImporting(false);
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.iotDevices')}</PageTitle>
      <Card>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} justify="space-between">
          <Flex wrap gap={8}>
            <Input.Search allowClear defaultValue={q} placeholder={t('iot.search')} onSearch={setQuery} style={{ width: 240 }} data-testid="device-search" />
            <Select allowClear style={{ width: 170 }} placeholder={t('iot.anyType')} value={filters.typeCode} onChange={set('typeCode')} options={(types.data ?? []).map((type) => ({ value: type.code, label: type.name }))} data-testid="device-type" />
            <Select allowClear style={{ width: 120 }} placeholder={t('iot.anyStatus')} value={filters.status} onChange={set('status')} options={DEVICE_STATUSES.map((s) => ({ value: s, label: t(`iot.status.${s}`) }))} />
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('iot.anyConnectivity')}
              value={filters.connectivity}
              onChange={set('connectivity')}
              options={(['reporting', 'silent', 'never'] as const).map((c) => ({ value: c, label: t(`iot.connectivity.${c}`) }))}
            />
          </Flex>
          {canManage && (
            <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => (void importFile(file), false)}>
              <Button icon={<UploadOutlined />} loading={importing}>
                {t('iot.import')}
              </Button>
            </Upload>
          )}
        </Flex>
        {canManage && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('iot.import.hint')} />}
        <PagedTable<Device>
          rowKey="code"
          filterKey={`${JSON.stringify(filters)}#${refresh}`}
          load={(page, signal) => iotApi.devices({ ...page, ...filters }, signal)}
          data-testid="device-table"
          columns={[
            {
              title: t('iot.field.code'),
              width: 200,
              render: (_, d) => (
                <div>
                  <Link to={`/iot/devices/${encodeURIComponent(d.code)}`}>{d.code}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.name}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('iot.field.type'), width: 150, render: (_, d) => typeName(types.data, d.typeCode) },
            { title: t('iot.field.owner'), width: 180, render: (_, d) => d.owner.name },
            { title: t('iot.field.address'), render: (_, d) => d.address },
            {
              title: t('iot.field.status'),
              width: 150,
              render: (_, d) => (
                <Space size={2}>
                  <DeviceStatusTag status={d.status} />
                  <ConnectivityTag device={d} />
                </Space>
              ),
            },
            { title: t('iot.field.lastSeen'), width: 170, render: (_, d) => formatDateTime(d.lastSeenAt, locale) },
          ]}
        />
      </Card>
    </Space>
  );
}

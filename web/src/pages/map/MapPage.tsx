import { Card, Checkbox, Col, Descriptions, Empty, Flex, Row, Segmented, Spin, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n, type MessageKey } from '../../i18n';
import { mapApi, type AreaCollection, type CaseStatus } from './api';
import { ElementMap, type MapClick } from './ElementMap';
import './map.css';
import { buildSeries, CASE_COLOURS, mappedDevices, worstAlarms, type LayerKey } from './layers';

/** City-wide, grids are drawn from this zoom on (a district's grids always when it is chosen). */
const GRID_ZOOM = 2.5;
const DISTRICT_ZOOM = 2.2;

function cityCentre(districts: AreaCollection): [number, number] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const f of districts.features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const [lon, lat] of polygons.flatMap((rings) => rings[0] ?? [])) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
}

function GridPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const area = useApiQuery((signal) => mapApi.area(code, signal), [code]);
  if (area.error) {
    return <ErrorState error={area.error} onRetry={area.reload} />;
  }
  if (!area.data) {
    return <Spin />;
  }
  const a = area.data;
  return (
    <Descriptions size="small" column={1} data-testid="grid-panel">
      <Descriptions.Item label={t('map.grid.name')}>{a.name}</Descriptions.Item>
      <Descriptions.Item label={t('map.grid.code')}>
        <Typography.Text copyable>{a.code}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('map.grid.chain')}>{[...a.chain].reverse().map((c) => c.name).join(' / ')}</Descriptions.Item>
      <Descriptions.Item label={t('map.grid.area')}>{t('map.grid.km2', { value: a.areaKm2.toFixed(2) })}</Descriptions.Item>
      <Descriptions.Item label={t('map.grid.workers')}>{a.workers.length > 0 ? a.workers.map((w) => w.name).join('、') : t('map.grid.noWorkers')}</Descriptions.Item>
    </Descriptions>
  );
}

/** 要素地图: the city's districts with its grids, open cases by status, hot spots and IoT devices as layers. */
export default function MapPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const canDevices = hasPermission(me, 'iot.read');
  const [layers, setLayers] = useState<ReadonlySet<LayerKey>>(() => new Set<LayerKey>(['grids', 'cases', 'hotspots', ...(canDevices ? (['devices'] as const) : [])]));
  const [district, setDistrict] = useState<string | null>(null);
  const [zoomedIn, setZoomedIn] = useState(false);
  const [grid, setGrid] = useState<string | null>(null);

  const districts = useApiQuery((signal) => mapApi.districts(signal), []);
  const grids = useApiQuery((signal) => mapApi.grids(signal), []);
  const cases = useApiQuery((signal) => mapApi.cases(signal), []);
  const devices = useApiQuery((signal) => (canDevices ? mapApi.devices(signal) : Promise.resolve(undefined)), [canDevices]);
  const alarms = useApiQuery((signal) => (canDevices ? mapApi.activeAlarms(signal) : Promise.resolve([])), [canDevices]);

  const alarmMap = useMemo(() => worstAlarms(alarms.data ?? []), [alarms.data]);
  const series = useMemo(
    () => buildSeries({ grids: grids.data, cases: cases.data, devices: devices.data, alarms: alarmMap }, { layers, district, showGrids: district !== null || zoomedIn }, t),
    [grids.data, cases.data, devices.data, alarmMap, layers, district, zoomedIn, t],
  );
  const legend = useMemo(() => (layers.has('cases') ? (Object.keys(CASE_COLOURS) as CaseStatus[]).map((s) => t(`cases.status.${s}`)) : []), [layers, t]);
  const focus = useMemo(() => {
    if (!districts.data) {
      return null;
    }
    const chosen = districts.data.features.find((f) => f.id === district);
    return chosen ? { center: chosen.properties.center, zoom: DISTRICT_ZOOM } : { center: cityCentre(districts.data), zoom: 1 };
  }, [districts.data, district]);

  const onZoom = useCallback((zoom: number) => setZoomedIn(zoom >= GRID_ZOOM), []);
  const onClick = useCallback(
    (click: MapClick) => {
      if (click.kind === 'case') {
        void navigate(`/cases/${click.id}`);
      } else if (click.kind === 'grid') {
        setGrid(click.code);
      } else if (click.kind === 'device') {
        void navigate(`/iot/devices/${encodeURIComponent(click.code)}`);
      } else {
        setDistrict(districts.data?.features.find((f) => f.properties.name === click.name)?.id ?? null);
      }
    },
    [navigate, districts.data],
  );
  const tooltip = useCallback(
    (p: { seriesId?: string; name?: string; data?: unknown }) => {
      const d = (p.data ?? {}) as { number?: string; category?: string; value?: number[]; alarm?: string | null; name?: string };
      if (p.seriesId?.startsWith('cases-')) {
        return `${d.number ?? ''}<br/>${d.category ?? ''}`;
      }
      if (p.seriesId === 'hotspots') {
        return t('map.hotspot.tooltip', { name: p.name ?? '', count: d.value?.[2] ?? 0, days: cases.data?.hotspots.days ?? 30 });
      }
      if (p.seriesId === 'devices') {
        return d.alarm ? `${p.name ?? ''}<br/>${t(`iot.severity.${d.alarm}` as MessageKey)}` : (p.name ?? '');
      }
      return p.name ?? '';
    },
    [t, cases.data],
  );

  const counts: Record<LayerKey, number | undefined> = {
    grids: grids.data?.features.length,
    cases: cases.data?.items.length,
    hotspots: cases.data?.hotspots.grids.length,
    devices: devices.data ? mappedDevices(devices.data).length : undefined,
  };
  const layerKeys: LayerKey[] = ['grids', 'cases', 'hotspots', ...(canDevices ? (['devices'] as const) : [])];
  const error = districts.error ?? grids.error ?? cases.error ?? devices.error ?? alarms.error;

  return (
    <>
      <PageTitle>{t('map.title')}</PageTitle>
      {error ? <ErrorState error={error} onRetry={() => [districts, grids, cases, devices, alarms].forEach((q) => q.reload())} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={18}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Flex wrap gap={12} align="center" style={{ padding: 12 }}>
              <Segmented
                data-testid="map-district"
                value={district ?? 'all'}
                onChange={(value) => setDistrict(value === 'all' ? null : String(value))}
                options={[{ value: 'all', label: t('map.district.all') }, ...(districts.data?.features ?? []).map((f) => ({ value: f.id, label: f.properties.name }))]}
              />
              <Checkbox.Group
                value={[...layers]}
                onChange={(values) => setLayers(new Set(values as LayerKey[]))}
                options={layerKeys.map((key) => ({
                  value: key,
                  label: (
                    <span data-testid={`layer-${key}`}>
                      {t(`map.layer.${key}`)} <Tag data-testid={`layer-count-${key}`}>{counts[key] ?? '…'}</Tag>
                    </span>
                  ),
                }))}
              />
            </Flex>
            {districts.data ? (
              <ElementMap districts={districts.data} series={series} legend={legend} focus={focus} tooltip={tooltip} onClick={onClick} onZoom={onZoom} />
            ) : (
              <Flex justify="center" align="center" style={{ height: 640 }}>
                <Spin />
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title={t('map.grid.title')} style={{ marginBottom: 16 }}>
            {grid ? <GridPanel code={grid} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.grid.hint')} />}
          </Card>
          <Card size="small" title={t('map.legend.title')}>
            <Flex vertical gap={6}>
              {(Object.entries(CASE_COLOURS) as Array<[CaseStatus, string]>).map(([status, colour]) => (
                <span key={status}>
                  <span className="yw-map-dot" style={{ background: colour }} /> {t(`cases.status.${status}`)}
                </span>
              ))}
              <span>
                <span className="yw-map-dot" style={{ background: '#fff', border: '3px solid #f5222d' }} /> {t('map.legend.red')}
              </span>
              <span>
                <span className="yw-map-dot" style={{ background: '#fff', border: '3px solid #faad14' }} /> {t('map.legend.yellow')}
              </span>
              <span>
                <span className="yw-map-dot" style={{ background: '#cf1322', opacity: 0.6, width: 16, height: 16 }} /> {t('map.legend.hotspot', { days: cases.data?.hotspots.days ?? 30 })}
              </span>
              {canDevices ? (
                <span>
                  <span className="yw-map-diamond" style={{ background: '#52c41a' }} /> {t('map.legend.device')} <span className="yw-map-diamond" style={{ background: '#cf1322' }} /> {t('map.legend.deviceAlarm')}
                </span>
              ) : null}
              {cases.data?.capped ? <Typography.Text type="warning">{t('map.capped', { shown: cases.data.items.length, total: cases.data.total })}</Typography.Text> : null}
              <Typography.Text type="secondary">{t('map.hint')}</Typography.Text>
            </Flex>
          </Card>
        </Col>
      </Row>
    </>
  );
}

import type { Translate } from '../../i18n';
import type { ActiveAlarm, AreaCollection, CaseMap, CasePoint, CaseStatus, DevicePoint, Position } from './api';

export const MAP_NAME = 'yiwang-city';
export type LayerKey = 'grids' | 'cases' | 'hotspots' | 'devices';

/** Open statuses in the order of the closed loop, each with its colour on the map. */
export const CASE_COLOURS: Record<Exclude<CaseStatus, 'closed'>, string> = {
  accepted: '#8c8c8c',
  dispatched: '#1677ff',
  signed: '#13c2c2',
  handling: '#2f54eb',
  replied: '#722ed1',
  visited: '#d48806',
};
/** Grid outlines, and light tints that tell one street's grids from its neighbour's. */
export const GRID_STROKE = '#4096ff';
const STREET_TINTS = ['rgba(255,214,102,0.28)', 'rgba(149,222,100,0.28)', 'rgba(105,177,255,0.28)', 'rgba(255,133,192,0.25)', 'rgba(179,127,235,0.25)', 'rgba(92,219,211,0.28)', 'rgba(255,192,105,0.28)', 'rgba(255,163,158,0.25)', 'rgba(211,173,247,0.25)', 'rgba(183,235,143,0.28)'];
const WARNING_BORDER = { red: '#f5222d', yellow: '#faad14' } as const;
const DEVICE_COLOURS = { active: '#52c41a', maintenance: '#595959', critical: '#cf1322', major: '#fa541c', minor: '#faad14' } as const;

/** A device's colour: its worst active alarm, else its status. */
export function deviceColour(device: DevicePoint, alarms: Map<string, ActiveAlarm['severity']>): string {
  const severity = alarms.get(device.code);
  return severity ? DEVICE_COLOURS[severity] : device.status === 'maintenance' ? DEVICE_COLOURS.maintenance : DEVICE_COLOURS.active;
}

const RANK = { minor: 1, major: 2, critical: 3 } as const;

/** Each device's worst active alarm. */
export function worstAlarms(alarms: ActiveAlarm[]): Map<string, ActiveAlarm['severity']> {
  const worst = new Map<string, ActiveAlarm['severity']>();
  for (const alarm of alarms) {
    const current = worst.get(alarm.device.code);
    if (!current || RANK[alarm.severity] > RANK[current]) {
      worst.set(alarm.device.code, alarm.severity);
    }
  }
  return worst;
}

/** Yellow for a few cases, through orange, to red for the busiest grid. */
export function heatColour(count: number, busiest: number): string {
  const share = count / busiest;
  return share > 0.66 ? '#cf1322' : share > 0.33 ? '#fa541c' : '#faad14';
}

/** Devices that belong on the map: placed and not retired. */
export const mappedDevices = (devices: DevicePoint[]) => devices.filter((d) => d.location !== null && d.status !== 'retired');

/** The outer rings of every grid polygon, as polylines for a `lines` series. */
export function gridOutlines(grids: AreaCollection, districtCode: string | null) {
  const lines: Array<{ name: string; code: string; coords: Position[] }> = [];
  for (const feature of grids.features) {
    if (districtCode !== null && !feature.id.startsWith(districtCode)) {
      continue;
    }
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const rings of polygons) {
      if (rings[0]) {
        lines.push({ name: feature.properties.name, code: feature.id, coords: rings[0] });
      }
    }
  }
  return lines;
}

export interface MapData {
  grids: AreaCollection | undefined;
  cases: CaseMap | undefined;
  devices: DevicePoint[] | undefined;
  alarms: Map<string, ActiveAlarm['severity']>;
}

export interface MapView {
  layers: ReadonlySet<LayerKey>;
  district: string | null;
  /** Grids are drawn for a chosen district, or city-wide once zoomed in. */
  showGrids: boolean;
}

const caseDatum = (c: CasePoint) => ({
  value: [c.lon, c.lat],
  id: c.id,
  number: c.number,
  category: c.categoryName ?? '',
  warning: c.warning,
  symbolSize: c.urgency === 'urgent' ? 13 : 9,
  itemStyle: c.warning === 'none' ? undefined : { borderColor: WARNING_BORDER[c.warning], borderWidth: 3 },
});

/** The series of every visible layer on the city's geo component. */
export function buildSeries(data: MapData, view: MapView, t: Translate) {
  const series: object[] = [];
  if (view.layers.has('grids') && view.showGrids && data.grids) {
    const outlines = gridOutlines(data.grids, view.district);
    const streets = [...new Set(outlines.map((o) => o.code.slice(0, 9)))].sort();
    series.push({
      id: 'grids',
      name: t('map.layer.grids'),
      type: 'custom',
      coordinateSystem: 'geo',
      z: 2,
      // Each grid a polygon, tinted by its street (街道 / 乡镇) so the street boundaries show.
      renderItem: (params: { dataIndex: number }, api: { coord: (p: Position) => number[] }) => {
        const outline = outlines[params.dataIndex]!;
        return {
          type: 'polygon',
          shape: { points: outline.coords.map((p) => api.coord(p)) },
          style: { fill: STREET_TINTS[streets.indexOf(outline.code.slice(0, 9)) % STREET_TINTS.length], stroke: GRID_STROKE, lineWidth: 0.6 },
          emphasis: { style: { stroke: '#003eb3', lineWidth: 2 } },
        };
      },
      data: outlines.map((o) => ({ name: o.name, code: o.code, value: o.coords[0] })),
    });
  }
  if (view.layers.has('hotspots') && data.cases && data.grids) {
    const centres = new Map(data.grids.features.map((f) => [f.id, f.properties]));
    const busiest = Math.max(1, ...data.cases.hotspots.grids.map((g) => g.count));
    series.push({
      id: 'hotspots',
      name: t('map.layer.hotspots'),
      type: 'scatter',
      coordinateSystem: 'geo',
      z: 3,
      symbolSize: (value: number[]) => 6 + 22 * Math.sqrt((value[2] ?? 0) / busiest),
      data: data.cases.hotspots.grids.flatMap((g) => {
        const grid = centres.get(g.gridCode);
        return grid ? [{ name: grid.name, value: [grid.center[0], grid.center[1], g.count], itemStyle: { color: heatColour(g.count, busiest), opacity: 0.3 + 0.45 * (g.count / busiest) } }] : [];
      }),
    });
  }
  if (view.layers.has('cases') && data.cases) {
    for (const [status, colour] of Object.entries(CASE_COLOURS)) {
      series.push({
        id: `cases-${status}`,
        name: t(`cases.status.${status as CaseStatus}`),
        type: 'scatter',
        coordinateSystem: 'geo',
        z: 5,
        itemStyle: { color: colour },
        data: data.cases.items.filter((c) => c.status === status).map(caseDatum),
      });
    }
  }
  if (view.layers.has('devices') && data.devices) {
    series.push({
      id: 'devices',
      name: t('map.layer.devices'),
      type: 'scatter',
      coordinateSystem: 'geo',
      symbol: 'diamond',
      symbolSize: 8,
      z: 4,
      data: mappedDevices(data.devices).map((d) => ({
        name: d.name,
        value: [d.location!.lon, d.location!.lat],
        code: d.code,
        alarm: data.alarms.get(d.code) ?? null,
        itemStyle: { color: deviceColour(d, data.alarms) },
      })),
    });
  }
  return series;
}

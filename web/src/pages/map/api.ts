import { api, type Page } from '../../api/client';

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';
export type Position = [number, number];

export interface AreaFeature {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string; level: AreaLevel; parentCode: string | null; center: Position; areaKm2: number; workers: number };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}

export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

export interface AreaDetail {
  code: string;
  name: string;
  level: AreaLevel;
  chain: Array<{ code: string; name: string; level: AreaLevel }>;
  areaKm2: number;
  workers: Array<{ name: string; username: string | null; phone: string | null }>;
}

export type CaseStatus = 'accepted' | 'dispatched' | 'signed' | 'handling' | 'replied' | 'visited' | 'closed';

export interface CasePoint {
  id: string;
  number: string;
  lon: number;
  lat: number;
  status: CaseStatus;
  warning: 'none' | 'yellow' | 'red';
  urgency: 'normal' | 'urgent';
  categoryCode: string | null;
  categoryName: string | null;
  gridCode: string | null;
  createdAt: string;
}

export interface CaseMap {
  items: CasePoint[];
  total: number;
  capped: boolean;
  hotspots: { days: number; since: string; grids: Array<{ gridCode: string; count: number }> };
}

export interface DevicePoint {
  code: string;
  name: string;
  typeCode: string;
  status: 'active' | 'maintenance' | 'retired';
  location: { lon: number; lat: number } | null;
  address: string;
}

export interface ActiveAlarm {
  id: string;
  severity: 'minor' | 'major' | 'critical';
  message: string;
  device: { code: string };
}

const PAGE = 500;
/** At most this many pages of devices or alarms (a city's few thousand sensors). */
const MAX_PAGES = 20;

async function allPages<T>(load: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await load(page);
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length < PAGE) {
      break;
    }
  }
  return items;
}

export const mapApi = {
  districts: (signal?: AbortSignal) => api.get<AreaCollection>('/grid/areas', undefined, signal),
  grids: (signal?: AbortSignal) => api.get<AreaCollection>('/grid/areas', { level: 'grid' }, signal),
  area: (code: string, signal?: AbortSignal) => api.get<AreaDetail>(`/grid/areas/${encodeURIComponent(code)}`, undefined, signal),
  cases: (signal?: AbortSignal) => api.get<CaseMap>('/cases/map', undefined, signal),
  devices: (signal?: AbortSignal) => allPages((page) => api.get<Page<DevicePoint>>('/iot/devices', { page, pageSize: PAGE }, signal)),
  activeAlarms: (signal?: AbortSignal) => allPages((page) => api.get<Page<ActiveAlarm>>('/iot/alarms', { status: 'active', page, pageSize: PAGE }, signal)),
};

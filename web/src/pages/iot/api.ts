import { api, ApiError, apiRequest, buildUrl, type Page, type PageQuery } from '../../api/client';

export type DeviceStatus = 'active' | 'maintenance' | 'retired';
export type Connectivity = 'reporting' | 'silent' | 'never';
export type Severity = 'minor' | 'major' | 'critical';
export type RuleKind = 'threshold' | 'rate' | 'silence';
export type Operator = '>' | '>=' | '<' | '<=';

export const DEVICE_STATUSES: readonly DeviceStatus[] = ['active', 'maintenance', 'retired'];
export const SEVERITIES: readonly Severity[] = ['minor', 'major', 'critical'];
export const RULE_KINDS: readonly RuleKind[] = ['threshold', 'rate', 'silence'];
export const OPERATORS: readonly Operator[] = ['>', '>=', '<', '<='];

export interface TelemetryField {
  key: string;
  label: string;
  unit: string;
  type: 'number' | 'integer' | 'boolean';
  min?: number;
  max?: number;
}

export interface DeviceType {
  code: string;
  name: string;
  category: string;
  description: string;
  fields: TelemetryField[];
  retentionDays: number;
}

export interface Location {
  lon: number;
  lat: number;
}

export interface Device {
  code: string;
  typeCode: string;
  name: string;
  vendor: string;
  model: string;
  owner: { id: string; code: string; name: string };
  divisionCode: string;
  location: Location | null;
  address: string;
  gridCode: string | null;
  installedOn: string | null;
  status: DeviceStatus;
  hasCredential: boolean;
  lastSeenAt: string | null;
  silentSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeviceDetail extends Device {
  type: DeviceType;
  state: { lastTs: string | null; values: Record<string, number | boolean> };
  openAlarms: number;
}

export interface Telemetry {
  from: string;
  to: string;
  bucketSeconds: number;
  fields: string[];
  points: Array<{ ts: string; count: number; values: Record<string, number | null> }>;
}

export interface Rule {
  id: string;
  name: string;
  kind: RuleKind;
  typeCode: string | null;
  deviceCode: string | null;
  field: string | null;
  operator: Operator | null;
  threshold: number | null;
  clearThreshold: number | null;
  ratePerMinute: number | null;
  silenceMinutes: number | null;
  raiseAfter: number;
  clearAfter: number;
  severity: Severity;
  enabled: boolean;
  description: string;
}

export type RuleInput = Partial<Omit<Rule, 'id'>> & { name: string; kind: RuleKind };

export interface Alarm {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  status: 'active' | 'cleared';
  message: string;
  device: { code: string; name: string; typeCode: string; divisionCode: string; gridCode: string | null; location: Location | null };
  raisedAt: string;
  clearedAt: string | null;
  clearReason: string | null;
  readings: Array<{ ts: string; values: Record<string, number | boolean> }>;
}

export interface DeviceFilters {
  q?: string;
  typeCode?: string;
  status?: DeviceStatus;
  connectivity?: Connectivity;
}

export interface AlarmFilters {
  status?: 'active' | 'cleared';
  severity?: Severity;
  typeCode?: string;
  deviceCode?: string;
}

const path = (code: string) => `/iot/devices/${encodeURIComponent(code)}`;

/** `POST /iot/devices/import` takes the CSV file itself (text/csv), not JSON. */
async function importCsv(text: string): Promise<{ created: number; credentials: Array<{ code: string; credential: string }> }> {
  const response = await fetch(buildUrl('/iot/devices/import'), { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'application/json' }, body: text, credentials: 'same-origin' });
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? 'UNEXPECTED_RESPONSE', body?.error?.message ?? `HTTP ${response.status}`, body?.error?.details ?? null);
  }
  return body as unknown as { created: number; credentials: Array<{ code: string; credential: string }> };
}

export const iotApi = {
  types: (signal?: AbortSignal) => api.get<{ items: DeviceType[] }>('/iot/types', undefined, signal).then((b) => b.items),
  devices: (query: PageQuery & DeviceFilters, signal?: AbortSignal) => api.get<Page<Device>>('/iot/devices', { ...query }, signal),
  device: (code: string, signal?: AbortSignal) => api.get<DeviceDetail>(path(code), undefined, signal),
  telemetry: (code: string, query: { from: string; to: string; points?: number }, signal?: AbortSignal) => api.get<Telemetry>(`${path(code)}/telemetry`, { ...query }, signal),
  rotateCredential: (code: string) => api.post<{ code: string; credential: string }>(`${path(code)}/credential`),
  importCsv,
  rules: (query: { typeCode?: string; deviceCode?: string }, signal?: AbortSignal) => api.get<{ items: Rule[] }>('/iot/rules', { ...query }, signal).then((b) => b.items),
  createRule: (input: RuleInput) => api.post<Rule>('/iot/rules', input),
  updateRule: (id: string, change: Partial<RuleInput>) => apiRequest<Rule>(`/iot/rules/${id}`, { method: 'PATCH', body: change }),
  deleteRule: (id: string) => apiRequest<void>(`/iot/rules/${id}`, { method: 'DELETE' }),
  alarm: (id: string, signal?: AbortSignal) => api.get<Alarm>(`/iot/alarms/${encodeURIComponent(id)}`, undefined, signal),
  alarms: (query: PageQuery & AlarmFilters, signal?: AbortSignal) => api.get<Page<Alarm>>('/iot/alarms', { ...query }, signal),
};

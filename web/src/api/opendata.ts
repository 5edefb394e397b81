import { API_BASE, api, apiRequest, type Page } from './client';

/** 部门 / 数据领域 / 格式 / 区划 / 许可 / 更新频率: the portal's facets. */
export const FACET_KEYS = ['owner', 'theme', 'format', 'division', 'licence', 'frequency'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
/** The URL parameter of each facet in the search route. */
export const FACET_PARAMS: Record<FacetKey, string> = { owner: 'department', theme: 'theme', format: 'format', division: 'division', licence: 'licence', frequency: 'frequency' };
export type Frequency = 'realtime' | 'daily' | 'monthly' | 'quarterly' | 'yearly';

export interface Freshness {
  dueAt: string;
  overdue: boolean;
  overdueDays: number;
}

export interface DatasetSummary {
  id: string;
  name: string;
  title: string;
  description: string;
  tags: string[];
  theme: string;
  licence: string;
  frequency: Frequency;
  spatial: { code: string; name: string };
  owner: { id: string; code: string; name: string };
  access: 'unconditional' | 'conditional';
  formats: string[];
  status: string;
  rowCount: number;
  downloads: number;
  apiCalls: number;
  version: number;
  createdAt: string;
  modifiedAt: string;
  dataUpdatedAt: string;
  freshness: Freshness;
}

export interface OpenField {
  name: string;
  label: string;
  type: string;
  description: string;
}

export interface DatasetDetail extends DatasetSummary {
  temporal: { start: string | null; end: string | null };
  contact: { name: string; email: string | null; phone: string | null };
  accessCondition: string | null;
  fields: OpenField[];
  distributions: Array<{ id: string; format: string; url: string; modifiedAt: string }>;
}

export interface FacetCount {
  value: string;
  label: string | null;
  count: number;
}

export interface SearchResult extends Page<DatasetSummary> {
  match: 'all' | 'any' | null;
  tokens: string[];
  facets: Record<FacetKey, FacetCount[]>;
}

export interface Home {
  totals: { datasets: number; owners: number; rows: number; downloads: number; apiCalls: number; overdue: number };
  newest: DatasetSummary[];
  mostUsed: DatasetSummary[];
  themes: Array<{ code: string; name: string; count: number }>;
}

export interface Vocabulary {
  themes: Array<{ code: string; name: string }>;
  licences: Array<{ id: string; title: string; url: string }>;
  frequencies: Array<{ code: Frequency; name: string }>;
}

export interface Preview {
  fields: OpenField[];
  rows: Array<Record<string, unknown>>;
  total: number;
  restricted: boolean;
}

export interface UpdateRecord {
  id: number;
  kind: 'publish' | 'data' | 'metadata' | 'unpublish' | 'republish';
  at: string;
  note: string | null;
  rowCount: number | null;
  changed: string[];
}

export interface Department {
  code: string;
  name: string;
  divisionCode: string;
  total: number;
  overdue: number;
  downloads: number;
  apiCalls: number;
  datasets: DatasetSummary[];
}

export interface Statistics {
  from: string;
  to: string;
  days: Array<{ day: string; downloads: number; apiCalls: number }>;
  top: Array<{ name: string; title: string; owner: string; downloads: number; apiCalls: number }>;
}

export interface SearchQuery {
  q?: string;
  page: number;
  pageSize: number;
  sort?: 'relevance' | 'newest' | 'modified' | 'popular';
  overdue?: boolean;
  facets: Record<FacetKey, string[]>;
}

const enc = encodeURIComponent;

/** The open-data portal's public API (no session needed). */
export const opendataApi = {
  home: (signal?: AbortSignal) => api.get<Home>('/opendata/home', undefined, signal),
  vocabulary: (signal?: AbortSignal) => api.get<Vocabulary>('/opendata/vocabulary', undefined, signal),
  search(query: SearchQuery, signal?: AbortSignal) {
    // Facets repeat their parameter (department=a&department=b): built here, not by buildUrl.
    const params = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize) });
    if (query.q) {
      params.set('q', query.q);
    }
    if (query.sort) {
      params.set('sort', query.sort);
    }
    if (query.overdue) {
      params.set('overdue', 'true');
    }
    for (const key of FACET_KEYS) {
      query.facets[key].forEach((value) => params.append(FACET_PARAMS[key], value));
    }
    return apiRequest<SearchResult>(`/opendata/datasets?${params.toString()}`, { signal });
  },
  dataset: (name: string, signal?: AbortSignal) => api.get<DatasetDetail>(`/opendata/datasets/${enc(name)}`, undefined, signal),
  preview: (name: string, signal?: AbortSignal) => api.get<Preview>(`/opendata/datasets/${enc(name)}/preview`, undefined, signal),
  updates: (name: string, signal?: AbortSignal) => api.get<Page<UpdateRecord>>(`/opendata/datasets/${enc(name)}/updates`, { page: 1, pageSize: 50 }, signal),
  department: (code: string, signal?: AbortSignal) => api.get<Department>(`/opendata/departments/${enc(code)}`, undefined, signal),
  statistics: (days: number, signal?: AbortSignal) => api.get<Statistics>('/opendata/statistics', { days }, signal),
  apply: (name: string, body: { applicantName: string; applicantOrganisation?: string; contact: string; purpose: string }) =>
    api.post<{ id: string; token: string }>(`/opendata/datasets/${enc(name)}/applications`, body),
  claim: (id: string, token: string) => api.post<{ status: string; decisionNote: string | null; apiKey: string | null; expiresAt: string | null }>(`/opendata/applications/${enc(id)}/claim`, { token }),
  /** Where a browser downloads a file of an unconditional dataset (counted as a download). */
  fileUrl: (name: string, format: 'csv' | 'json' | 'xlsx') => `${API_BASE}/opendata/datasets/${enc(name)}/data.${format}`,
};

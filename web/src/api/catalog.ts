import { api, apiRequest, type Page, type PageQuery } from './client';
import { withRepeatedQuery } from './repeated-query';

/** 一般 / 重要 / 核心 (GB/T 43697): a resource's grade and each field's sensitivity. */
export const GRADES = ['general', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
/** 无条件 / 有条件 / 不予 (共享 or 开放). */
export const ATTRIBUTES = ['unconditional', 'conditional', 'none'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];
export const STATUSES = ['draft', 'published', 'retired'] as const;
export type ResourceStatus = (typeof STATUSES)[number];
export const FIELD_TYPES = ['string', 'integer', 'number', 'date', 'datetime', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface ResourceField {
  name: string;
  label: string;
  type: FieldType;
  description: string;
  sensitivity: Grade;
}

export interface ResourceOwner {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
}

/** What a steward writes. */
export interface ResourceContent {
  name: string;
  description: string;
  category: string;
  fields: ResourceField[];
  updateCycle: UpdateCycle;
  shareAttribute: Attribute;
  shareCondition: string | null;
  openAttribute: Attribute;
  openCondition: string | null;
  grade: Grade;
  tags: string[];
}

export interface Resource extends ResourceContent {
  id: string;
  code: string;
  owner: ResourceOwner;
  status: ResourceStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface ResourceDetail extends Resource {
  /** The signed-in user may edit, publish and retire it. */
  canManage: boolean;
}

export interface ResourceSummary {
  id: string;
  code: string;
  name: string;
  owner: ResourceOwner;
  description: string;
  category: string;
  grade: Grade;
  updateCycle: UpdateCycle;
  shareAttribute: Attribute;
  openAttribute: Attribute;
  status: ResourceStatus;
  version: number;
  tags: string[];
  fieldCount: number;
  updatedAt: string;
  score: number;
}

export const FACET_KEYS = ['owner', 'grade', 'share', 'open', 'cycle', 'status'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

export interface FacetCount {
  value: string;
  /** The organisation's name for `owner`. */
  label: string | null;
  count: number;
}

export interface SearchResult extends Page<ResourceSummary> {
  /** `all`: every word matched; `any`: nothing matched every word, these match some. */
  match: 'all' | 'any' | null;
  tokens: string[];
  facets: Record<FacetKey, FacetCount[]>;
}

export type SearchQuery = PageQuery & { q?: string; tag?: string } & Partial<Record<FacetKey, string[]>>;

export interface ResourceVersion {
  version: number;
  action: 'create' | 'update' | 'publish' | 'retire';
  actor: string | null;
  actorName: string | null;
  at: string;
  note: string | null;
  snapshot: Partial<Resource>;
}

export const catalogApi = {
  search: (query: SearchQuery, signal?: AbortSignal) => api.get<SearchResult>(withRepeatedQuery('/catalog/resources', query), undefined, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ResourceDetail>(`/catalog/resources/${encodeURIComponent(id)}`, undefined, signal),
  versions: (id: string, query: PageQuery, signal?: AbortSignal) =>
    api.get<Page<ResourceVersion>>(`/catalog/resources/${encodeURIComponent(id)}/versions`, { ...query }, signal),
  create: (content: ResourceContent & { note?: string }) => api.post<Resource>('/catalog/resources', content),
  update: (id: string, change: Partial<ResourceContent> & { version: number; note?: string }) =>
    apiRequest<Resource>(`/catalog/resources/${encodeURIComponent(id)}`, { method: 'PATCH', body: change }),
  publish: (id: string, version: number, note?: string) =>
    api.post<Resource>(`/catalog/resources/${encodeURIComponent(id)}/publish`, { version, ...(note ? { note } : {}) }),
  retire: (id: string, version: number, note?: string) =>
    api.post<Resource>(`/catalog/resources/${encodeURIComponent(id)}/retire`, { version, ...(note ? { note } : {}) }),
};

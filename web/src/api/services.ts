import { api, type Page, type PageQuery } from './client';
import { withRepeatedQuery } from './repeated-query';

/** 行政许可 / 行政确认 / 行政给付 / 行政奖励 / 行政裁决 / 其他行政权力 / 公共服务. */
export const ITEM_TYPES = ['licensing', 'confirmation', 'benefit', 'reward', 'adjudication', 'other_power', 'public_service'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
/** 网上咨询 / 网上预审 / 网上申请 / 全程网办. */
export const ONLINE_DEPTHS = ['consult', 'pre_review', 'online_apply', 'full_online'] as const;
export type OnlineDepth = (typeof ONLINE_DEPTHS)[number];
export type Channel = 'online' | 'window' | 'mobile' | 'self_service';
export type Level = 'province' | 'city' | 'county' | 'township';
export type Subject = 'natural_person' | 'legal_person';
export type ItemStatus = 'draft' | 'published' | 'withdrawn';

export interface Material {
  name: string;
  /** 证照类型代码 of an e-license that replaces the paper (免提交); null when none does. */
  licenseTypeCode: string | null;
  form: 'original' | 'copy' | 'electronic';
  requirement: 'required' | 'conditional';
  condition: string | null;
  count: number;
  note: string;
}

export interface Fee {
  name: string;
  standard: string;
  basis: string;
}

export interface Item {
  id: string;
  /** 实施编码. */
  code: string;
  basicCode: string;
  organisation: { id: string; code: string; name: string; divisionCode: string; creditCode: string };
  level: Level;
  name: string;
  aliases: string[];
  type: ItemType;
  subjects: Subject[];
  basis: string;
  conditions: string;
  process: string[];
  legalLimitDays: number | null;
  promisedLimitDays: number;
  materials: Material[];
  fees: Fee[];
  channels: Channel[];
  onlineDepth: OnlineDepth;
  crossRegion: string[];
  formSchema: { properties?: Record<string, { title?: string; type?: string }>; required?: string[] };
  highFrequency: boolean;
  highFrequencyRank: number | null;
  status: ItemStatus;
  version: number;
  publishedAt: string | null;
}

/** An item's guide (办事指南). */
export interface Guide extends Item {
  crossRegionNames: Array<{ code: string; name: string }>;
  /** The promised deadline if accepted today; null for 即办. */
  deadline: { from: string; date: string; unpublishedYears: number[] } | null;
}

export interface ItemSummary {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  type: ItemType;
  organisation: { id: string; name: string };
  level: Level;
  subjects: Subject[];
  legalLimitDays: number | null;
  promisedLimitDays: number;
  channels: Channel[];
  onlineDepth: OnlineDepth;
  crossRegion: string[];
  materialCount: number;
  licenseReplaceable: number;
  free: boolean;
  highFrequency: boolean;
  highFrequencyRank: number | null;
  status: ItemStatus;
  score: number;
}

export const FACET_KEYS = ['department', 'type', 'depth'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

export interface FacetCount {
  value: string;
  /** The organisation's name for `department`. */
  label: string | null;
  count: number;
}

export interface SearchResult extends Page<ItemSummary> {
  match: 'all' | 'any' | null;
  tokens: string[];
  facets: Record<FacetKey, FacetCount[]>;
}

export type SearchQuery = PageQuery & { q?: string; region?: string } & Partial<Record<FacetKey, string[]>>;

/** The public side of the services module: no session needed. */
export const servicesApi = {
  search: (query: SearchQuery, signal?: AbortSignal) => api.get<SearchResult>(withRepeatedQuery('/services/items', query), undefined, signal),
  highFrequency: (signal?: AbortSignal) => api.get<{ items: ItemSummary[] }>('/services/items/high-frequency', undefined, signal),
  guide: (code: string, signal?: AbortSignal) => api.get<Guide>(`/services/items/${encodeURIComponent(code)}`, undefined, signal),
};

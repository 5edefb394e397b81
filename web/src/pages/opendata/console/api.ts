import { api, apiRequest, type Page } from '../../../api/client';
import type { DatasetDetail, DatasetSummary, Frequency } from '../../../api/opendata';

/** A catalog resource of my department that may still be published (无条件 / 有条件开放). */
export interface Candidate {
  id: string;
  code: string;
  name: string;
  owner: { id: string; code: string; name: string };
  openAttribute: 'unconditional' | 'conditional';
  openCondition: string | null;
  updateCycle: string;
  tags: string[];
  fields: Array<{ name: string; label: string; type: string; sensitivity: string }>;
}

/** What a publisher says about a dataset. */
export interface Metadata {
  title: string;
  description: string;
  tags: string[];
  theme: string;
  licence: string;
  frequency: Frequency;
  spatialCode: string;
  temporalStart: string | null;
  temporalEnd: string | null;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  formats: string[];
}

export type Row = Record<string, unknown>;

export interface Application {
  id: string;
  datasetId: string;
  datasetName?: string;
  datasetTitle?: string;
  applicantName: string;
  applicantOrganisation: string;
  contact: string;
  purpose: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  claimed: boolean;
}

export interface Usage {
  from: string;
  to: string;
  days: Array<{ day: string; downloads: number; apiCalls: number }>;
}

const base = '/opendata/manage';

/** The owner department's console API (`/api/v1/opendata/manage/…`, session with opendata.manage). */
export const consoleApi = {
  datasets: (page: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<{ items: DatasetSummary[]; total: number }>(`${base}/datasets`, page, signal),
  overdue: (signal?: AbortSignal) => api.get<{ items: DatasetSummary[]; total: number }>(`${base}/overdue`, undefined, signal),
  usage: (days: number, dataset: string | undefined, signal?: AbortSignal) => api.get<Usage>(`${base}/statistics`, { days, dataset }, signal),
  candidates: (signal?: AbortSignal) => api.get<{ items: Candidate[] }>(`${base}/candidates`, undefined, signal),
  dataset: (id: string, signal?: AbortSignal) => api.get<DatasetDetail>(`${base}/datasets/${id}`, undefined, signal),
  publish: (body: Partial<Metadata> & { resource: string; theme: string; licence: string; contactName: string; fields?: string[]; rows: Row[]; note?: string }) =>
    api.post<DatasetDetail>(`${base}/datasets`, body),
  updateData: (id: string, body: { version: number; rows: Row[]; note?: string }) => apiRequest<DatasetDetail>(`${base}/datasets/${id}/data`, { method: 'PUT', body }),
  updateMetadata: (id: string, body: Partial<Metadata> & { version: number; note?: string }) => apiRequest<DatasetDetail>(`${base}/datasets/${id}`, { method: 'PATCH', body }),
  unpublish: (id: string, body: { version: number; note?: string }) => api.post<DatasetDetail>(`${base}/datasets/${id}/unpublish`, body),
  republish: (id: string, body: { version: number; note?: string }) => api.post<DatasetDetail>(`${base}/datasets/${id}/republish`, body),
  applications: (query: { status?: string; page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<Application>>(`${base}/applications`, query, signal),
  decide: (id: string, body: { approve: boolean; note?: string }) => api.post<Application>(`${base}/applications/${id}/decision`, body),
};

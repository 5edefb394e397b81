import { api, ApiError, apiRequest, buildUrl, type Page, type PageQuery } from '../../api/client';

export type CaseType = 'complaint' | 'report' | 'help' | 'consult' | 'suggestion';
export type CaseStatus = 'accepted' | 'dispatched' | 'signed' | 'handling' | 'replied' | 'visited' | 'closed';
export type Urgency = 'normal' | 'urgent';
export type Warning = 'none' | 'yellow' | 'red';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type Channel = 'hotline' | 'web' | 'grid' | 'iot' | 'transfer';
export type CaseAction = 'dispatch' | 'sign' | 'handle' | 'reply' | 'return' | 'callback' | 'close' | 'reopen';

export const CASE_TYPES: readonly CaseType[] = ['complaint', 'report', 'help', 'consult', 'suggestion'];
export const STATUSES: readonly CaseStatus[] = ['accepted', 'dispatched', 'signed', 'handling', 'replied', 'visited', 'closed'];
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];
export const CHANNELS: readonly Channel[] = ['hotline', 'web', 'grid', 'iot', 'transfer'];

export interface Point {
  lon: number;
  lat: number;
}

/** A case as `GET /cases/:id` gives it; the reporter's phone is masked unless one may read it. */
export interface CaseView {
  id: string;
  number: string;
  channel: Channel;
  type: CaseType;
  categoryCode: string | null;
  categoryName: string | null;
  /** The classifier's suggestion, when there is one. */
  suggestion: { categoryCode: string; confidence: number | null; categoryName?: string | null } | null;
  description: string;
  address: string | null;
  point: Point | null;
  divisionCode: string;
  gridCode: string | null;
  reporter: { name: string | null; phone: string | null };
  urgency: Urgency;
  status: CaseStatus;
  organisation: { id: string; code: string | null; name: string | null } | null;
  limitHours: number | null;
  limitDays: number | null;
  deadlineAt: string | null;
  dueOn: string | null;
  warning: Warning;
  satisfaction: Satisfaction | null;
  returnCount: number;
  reopenCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  sourceRef?: string | null;
}

export interface TimelineEntry {
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorName: string | null;
  orgName: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

/** A proposed duplicate of a case (either direction), as the detail's `coordination` gives it. */
export interface DuplicateView {
  caseId: string;
  number: string;
  status: CaseStatus;
  description: string;
  distanceM: number;
  /** Cosine similarity of the descriptions' words, 0…1. */
  similarity: number;
}

/** The part of `GET /cases/:id` the duplicates card reads (the API sends more). */
export interface Coordination {
  duplicates: DuplicateView[];
  mergedInto: { id: string; number: string } | null;
  mergedCases: { id: string; number: string }[];
}

export interface Category {
  code: string;
  name: string;
  kind: 'component' | 'event' | 'livelihood';
  group: string;
  iotTypes: string[];
  responsibility: { organisationCode: string; urgentHours: number; limitDays: number; version: number; updatedBy: string | null; updatedAt: string };
}

export interface IntakeInput {
  type: CaseType;
  categoryCode?: string;
  description: string;
  address?: string;
  point?: Point;
  reporterName?: string;
  reporterPhone?: string;
  urgency?: Urgency;
}

export interface QueueFilters {
  status?: CaseStatus;
  categoryCode?: string;
  organisationId?: string;
  warning?: Warning;
  channel?: Channel;
  sourceRef?: string;
  mine?: boolean;
}

export interface ActBody {
  version: number;
  comment?: string;
  organisationCode?: string;
  categoryCode?: string;
  urgency?: Urgency;
  satisfaction?: Satisfaction;
  reason?: string;
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sm3: string;
  createdAt: string;
}

/** Photos go up as multipart (field `file`), one a request. */
async function uploadAttachment(caseId: string, file: Blob, name: string): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, name);
  const response = await fetch(buildUrl(`/cases/${encodeURIComponent(caseId)}/attachments`), { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as (Attachment & { error?: { code: string; message: string; details?: unknown } }) | null;
  if (!response.ok || body === null) {
    throw new ApiError(response.status, body?.error?.code ?? 'UNEXPECTED_RESPONSE', body?.error?.message ?? `HTTP ${response.status}`, body?.error?.details ?? null);
  }
  return body;
}

/** Where the browser loads a photo from (same origin, the session cookie goes along). */
export const attachmentUrl = (caseId: string, attachmentId: string) => buildUrl(`/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`);

export const casesApi = {
  attachments: (id: string, signal?: AbortSignal) => api.get<{ items: Attachment[] }>(`/cases/${encodeURIComponent(id)}/attachments`, undefined, signal).then((b) => b.items),
  uploadAttachment,
  hotline: (input: IntakeInput) => api.post<CaseView>('/cases/hotline', input),
  gridReport: (input: IntakeInput) => api.post<CaseView>('/cases/grid-reports', input),
  queue: (query: PageQuery & QueueFilters, signal?: AbortSignal) => api.get<Page<CaseView>>('/cases', { ...query }, signal),
  inbox: (query: PageQuery & Omit<QueueFilters, 'organisationId' | 'mine'>, signal?: AbortSignal) => api.get<Page<CaseView>>('/cases/inbox', { ...query }, signal),
  detail: (id: string, signal?: AbortSignal) => api.get<{ case: CaseView; timeline: TimelineEntry[]; coordination?: Coordination }>(`/cases/${encodeURIComponent(id)}`, undefined, signal),
  /** 合并: closes case `id` (at `version`) into the open case `intoCaseId`. */
  merge: (id: string, body: { intoCaseId: string; version: number; comment?: string }) => api.post<CaseView>(`/cases/${encodeURIComponent(id)}/merge`, body),
  act: (id: string, action: CaseAction, body: ActBody) => api.post<CaseView>(`/cases/${encodeURIComponent(id)}/${action}`, body),
  categories: (signal?: AbortSignal) => api.get<{ items: Category[] }>('/cases/categories', undefined, signal).then((body) => body.items),
  updateResponsibility: (code: string, body: { version: number; organisationCode: string; urgentHours: number; limitDays: number }) =>
    apiRequest<Category>(`/cases/categories/${encodeURIComponent(code)}/responsibility`, { method: 'PATCH', body }),
};

import { API_BASE, ApiError, api, apiRequest, type Page } from '../../api/client';
import { withRepeatedQuery } from '../../api/repeated-query';

/** 待受理 / 待补正 / 审查中 / 待决定 / 已准予 / 已办结 / 不予受理或不予许可. */
export type ApplicationStatus = 'submitted' | 'correction' | 'reviewing' | 'deciding' | 'approved' | 'completed' | 'rejected';
export type Step = 'accept' | 'review' | 'decide' | 'complete';
export type StepState = 'done' | 'current' | 'pending' | 'correction' | 'rejected' | 'skipped';
export type DeadlineState = 'normal' | 'warning' | 'overdue';
export type OfficerAction = 'accept' | 'review' | 'send_back' | 'reject' | 'approve' | 'complete';

export interface Deadline {
  limitDays: number;
  acceptedOn: string | null;
  dueOn: string | null;
  workingDaysLeft: number | null;
  suspended: boolean;
  suspendedOn: string | null;
  suspendedDays: number;
  state: DeadlineState;
  finishedOn: string | null;
  onTime: boolean | null;
  unpublishedYears: number[];
}

export interface ApplicationSummary {
  id: string;
  number: string;
  item: { id: string; code: string; name: string; version: number };
  organisation: { id: string; name: string };
  applicant: { kind: 'person' | 'enterprise'; name: string; codeMasked: string };
  status: ApplicationStatus;
  step: Step | null;
  progress: Array<{ step: Step; state: StepState }>;
  deadline: Deadline;
  instant: 'approved' | 'refused' | null;
  decision: 'approved' | 'rejected' | null;
  license: { id: string; identifier: string } | null;
  version: number;
  submittedAt: string;
  updatedAt: string;
}

export interface LicenseRef {
  id: string;
  identifier: string;
  name: string;
  number: string;
}

export interface ApplicationMaterial {
  id: string;
  name: string;
  source: 'upload' | 'license' | 'waived';
  file: { name: string; size: number; contentType: string; sm3: string } | null;
  license: LicenseRef | null;
  note: string | null;
  attachedAt: string;
}

export interface RuleTrace {
  rule: number;
  label: string | null;
  source: string;
  op: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  reason?: string;
}

export interface LogEntry {
  action: string;
  step: Step | null;
  status: ApplicationStatus;
  organisationName: string | null;
  comment: string | null;
  at: string;
  actorName?: string | null;
}

export interface ApplicationDetail extends ApplicationSummary {
  form: Record<string, unknown>;
  materials: ApplicationMaterial[];
  correction: { reason: string; materials: string[]; step: Step; requestedAt: string; requestedBy: string } | null;
  decisionReason: string | null;
  instantTrace: RuleTrace[] | null;
  canResubmit: boolean;
  log: LogEntry[];
}

export interface MyLicense {
  id: string;
  identifier: string;
  number: string;
  name: string;
  type: { code: string; name: string };
  issuer: { name: string; code: string };
  issuedOn: string;
  validFrom: string;
  validTo: string | null;
  state: 'valid' | 'expired' | 'revoked';
  data: Record<string, unknown>;
}

export interface OfficerDetail extends ApplicationDetail {
  procedure: Record<string, unknown>;
  reviews: Array<{
    organisationId: string;
    organisationName: string;
    lead: boolean;
    status: 'pending' | 'done';
    opinion: 'agree' | 'disagree' | null;
    comment: string | null;
    actorName: string | null;
    doneAt: string | null;
  }>;
  applicantLicenses: Array<MyLicense & { attachedAs: string[] }>;
  actions: OfficerAction[];
}

/** A JSON Schema property of the subset the item forms use. */
export interface FieldSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  title?: string;
  description?: string;
  enum?: string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: { type?: string; enum?: string[] };
}

export interface FormSchema {
  title?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

export interface PreparedMaterial {
  name: string;
  requirement: 'required' | 'conditional';
  condition: string | null;
  licenseTypeCode: string | null;
  /** license: replaced by the applicant's e-license; waived: not needed online; null: to upload. */
  provided: 'license' | 'waived' | null;
  waivedReason: string | null;
  license: LicenseRef | null;
}

export interface Prepared {
  item: { id: string; code: string; name: string; version: number; promisedLimitDays: number; formSchema: FormSchema };
  form: Record<string, string>;
  instantApproval: boolean;
  resultLicenseTypeCode: string | null;
  materials: PreparedMaterial[];
}

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sm3: string;
}

export interface Message {
  id: string;
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface MaterialUpload {
  name: string;
  fileId: string;
}

/** Uploads one material file (multipart, field `file`); errors come back as {@link ApiError}. */
export async function uploadMaterial(file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/services/my/files`, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
  }
  const parsed = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: unknown } } | undefined;
  if (!response.ok) {
    throw parsed?.error
      ? new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details ?? null)
      : new ApiError(response.status, 'UNEXPECTED_RESPONSE', `HTTP ${response.status}`);
  }
  return parsed as unknown as UploadedFile;
}

const my = '/services/my';
const handle = '/services/handle/applications';

export const myApi = {
  prepare: (code: string, signal?: AbortSignal) => api.get<Prepared>(`${my}/items/${encodeURIComponent(code)}/prepare`, undefined, signal),
  submit: (input: { item: string; form: Record<string, unknown>; materials: MaterialUpload[] }) => api.post<ApplicationDetail>(`${my}/applications`, input),
  list: (query: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<ApplicationSummary>>(`${my}/applications`, query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ApplicationDetail>(`${my}/applications/${id}`, undefined, signal),
  resubmit: (id: string, input: { version: number; form?: Record<string, unknown>; materials?: MaterialUpload[] }) =>
    api.post<ApplicationDetail>(`${my}/applications/${id}/resubmit`, input),
  materialUrl: (id: string, materialId: string) => `${API_BASE}${my}/applications/${id}/materials/${materialId}/file`,
  messages: (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<Page<Message> & { unread: number }>(`${my}/messages`, query, signal),
  readMessage: (id: string) => api.post<void>(`${my}/messages/${id}/read`),
  licenses: (signal?: AbortSignal) =>
    api.get<{ items: Array<MyLicense & { relatedItem: { code: string; name: string } | null; labels: Record<string, string> }> }>(`${my}/licenses`, undefined, signal),
  licenseDocumentUrl: (id: string) => `${API_BASE}${my}/licenses/${id}/document`,
};

export interface InboxQuery {
  page: number;
  pageSize: number;
  scope: 'todo' | 'all';
  status?: ApplicationStatus[];
  deadlineState?: DeadlineState[];
  q?: string;
}

export const officerApi = {
  inbox: (query: InboxQuery, signal?: AbortSignal) => apiRequest<Page<ApplicationSummary>>(withRepeatedQuery(handle, query), { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<OfficerDetail>(`${handle}/${id}`, undefined, signal),
  materialUrl: (id: string, materialId: string) => `${API_BASE}${handle}/${id}/materials/${materialId}/file`,
  act: (id: string, action: OfficerAction, body: Record<string, unknown>) =>
    api.post<OfficerDetail>(`${handle}/${id}/${action === 'send_back' ? 'send-back' : action}`, body),
};

/** 一件事一次办: a theme combining several items under one form. */
export interface Bundle {
  code: string;
  name: string;
  summary: string;
  applicantKind: 'person' | 'enterprise';
  formSchema: FormSchema;
  items: Array<{ id: string; code: string; name: string; organisationName: string }>;
  updatedAt: string;
}

export interface BundlePrepared {
  bundle: Bundle;
  form: Record<string, string>;
  items: Array<{
    code: string;
    name: string;
    organisationName: string;
    promisedLimitDays: number;
    instantApproval: boolean;
    materials: Array<Omit<PreparedMaterial, 'licenseTypeCode' | 'license'> & { license: { identifier: string; name: string } | null }>;
  }>;
}

export interface BundleApplication {
  id: string;
  number: string;
  bundle: { code: string; name: string };
  form: Record<string, unknown>;
  status: 'processing' | 'completed' | 'rejected';
  childrenTotal: number;
  childrenFinished: number;
  finishedOn: string | null;
  version: number;
  submittedAt: string;
  updatedAt: string;
  children: ApplicationSummary[];
}

export const bundlesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Bundle[] }>('/services/bundles', undefined, signal),
  prepare: (code: string, signal?: AbortSignal) => api.get<BundlePrepared>(`${my}/bundles/${encodeURIComponent(code)}/prepare`, undefined, signal),
  submit: (input: { bundle: string; form: Record<string, unknown>; materials: MaterialUpload[] }) => api.post<BundleApplication>(`${my}/bundle-applications`, input),
  mine: (query: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<BundleApplication>>(`${my}/bundle-applications`, query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<BundleApplication>(`${my}/bundle-applications/${id}`, undefined, signal),
};

export type Finding = '属实' | '部分属实' | '不属实';

/** A 差评's rectification task for one department. */
export interface Rectification {
  id: string;
  organisation: { id: string; name: string };
  status: 'open' | 'answered';
  dueOn: string;
  finding: string | null;
  reply: string | null;
  answeredAt: string | null;
  version: number;
  createdAt: string;
  rating: { score: number; level: string; comment: string | null; itemName: string; applicationId: string | null; bundleApplicationId: string | null; createdAt: string };
}

export const rectificationsApi = {
  list: (query: { page: number; pageSize: number; status?: 'open' | 'answered' }, signal?: AbortSignal) =>
    api.get<Page<Rectification>>('/services/handle/rectifications', query, signal),
  answer: (id: string, input: { version: number; finding: Finding; reply: string }) => api.post<Rectification>(`/services/handle/rectifications/${id}/answer`, input),
};

/** 免申即享: a benefit granted without applying, found by a policy run over the registries. */
export interface Entitlement {
  id: string;
  policy: { code: string; name: string; benefit: string; organisationName: string };
  period: string;
  createdAt: string;
}

export const entitlementsApi = {
  mine: (query: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<Entitlement>>(`${my}/entitlements`, query, signal),
};

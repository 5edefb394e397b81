import { api } from './client';

export type RequestStatus = 'pending' | 'approved' | 'narrowed' | 'rejected' | 'withdrawn';
export type GrantStatus = 'active' | 'expired' | 'revoked';

export interface ExchangeRequest {
  id: string;
  resource: { id: string; code: string; name: string };
  owner: { id: string; name: string };
  consumer: { id: string; name: string; divisionCode: string };
  purpose: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  clearTextReason: string | null;
  status: RequestStatus;
  decisionReason: string | null;
  version: number;
  createdAt: string;
}

export interface Grant {
  id: string;
  requestId: string;
  resource: { id: string; code: string; name: string };
  consumer: { id: string; name: string };
  purpose: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  status: GrantStatus;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface NewRequest {
  resourceId: string;
  purpose: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  ratePerMinute: number;
  clearText: boolean;
  clearTextReason?: string | null;
}

export interface Usage {
  from: string;
  to: string;
  series: Array<{ day: string; calls: number; refused: number }>;
  consumers: Array<{ consumerOrgId: string; consumerOrgName: string; calls: number; refused: number }>;
  resources: Array<{ resourceId: string; resourceName: string; calls: number; refused: number }>;
}

export const exchangeApi = {
  requests: (box: 'inbox' | 'outbox', signal?: AbortSignal) => api.get<{ items: ExchangeRequest[] }>('/exchange/requests', { box }, signal),
  create: (body: NewRequest) => api.post<ExchangeRequest>('/exchange/requests', body),
  approve: (id: string, body: { version: number; fields?: string[]; validTo?: string; ratePerMinute?: number; clearText?: boolean; reason?: string }) =>
    api.post<{ request: ExchangeRequest; grant: Grant }>(`/exchange/requests/${id}/approve`, body),
  reject: (id: string, version: number, reason: string) => api.post<ExchangeRequest>(`/exchange/requests/${id}/reject`, { version, reason }),
  withdraw: (id: string, version: number) => api.post<ExchangeRequest>(`/exchange/requests/${id}/withdraw`, { version }),
  grants: (side: 'consumer' | 'owner', signal?: AbortSignal) => api.get<{ items: Grant[] }>('/exchange/grants', { side }, signal),
  revoke: (id: string, reason: string) => api.post<Grant>(`/exchange/grants/${id}/revoke`, { reason }),
  usage: (query: { resourceId?: string; from?: string; to?: string; side?: 'owner' | 'consumer' }, signal?: AbortSignal) => api.get<Usage>('/exchange/usage', { ...query }, signal),
};

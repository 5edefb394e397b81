import { api, apiRequest } from './client';

/** An API key as listed: the secret itself is shown only once, when it is issued. */
export interface ApiKey {
  id: string;
  name: string;
  organisationId: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface IssuedApiKey {
  id: string;
  prefix: string;
  key: string;
}

export const apiKeysApi = {
  /** Keys of the organisations the caller may manage. */
  list: (signal?: AbortSignal) => api.get<{ items: ApiKey[] }>('/org/api-keys', undefined, signal),
  create: (body: { name: string; organisationId: string; scopes: string[] }) => api.post<IssuedApiKey>('/org/api-keys', body),
  revoke: (id: string) => apiRequest<void>(`/org/api-keys/${id}`, { method: 'DELETE' }),
};

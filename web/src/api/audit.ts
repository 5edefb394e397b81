import { api, type Page, type PageQuery } from './client';
import type { AuditSummary } from './home';

export interface AuditRecord extends AuditSummary {
  details: unknown;
  hash: string;
}

export const auditApi = {
  list: (query: PageQuery, signal?: AbortSignal) => api.get<Page<AuditRecord>>('/audit', { ...query }, signal),
};

import { api } from './client';

export interface HomeFigure {
  key: string;
  value: number;
}

export interface AuditSummary {
  seq: number;
  at: string;
  actor: string | null;
  /** Display name of a `user:<id>` actor, when the server knows it. */
  actorName: string | null;
  action: string;
  target: string | null;
}

export interface HomeSummary {
  city: { code: string; name: string };
  figures: HomeFigure[];
  recentAudit: AuditSummary[];
}

export const homeApi = {
  summary: (signal?: AbortSignal) => api.get<HomeSummary>('/home', undefined, signal),
};

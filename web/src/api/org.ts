import { api, type Page, type PageQuery } from './client';

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';

export interface Division {
  code: string;
  name: string;
  /** One of {@link DivisionLevel}; typed as string so a new level still renders. */
  level: string;
  parentCode: string | null;
  /** Finer kind where the source gives one, e.g. `subdistrict` (街道), `town` (镇), `township` (乡). */
  kind: string | null;
}

export type OrganisationKind = 'government' | 'department' | 'enterprise' | 'other';

export interface Organisation {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  divisionCode: string;
  divisionName: string;
  parentId: string | null;
  creditCode: string | null;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  organisationId: string | null;
  organisationName: string | null;
  divisionCode: string;
  divisionName: string;
  locale: string;
  version: number;
  roles: string[];
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
}

export interface Role {
  code: string;
  name: string;
  nameEn: string;
  permissions: string[];
}

export const orgApi = {
  roles: (signal?: AbortSignal) => api.get<{ items: Role[] }>('/org/roles', undefined, signal).then((body) => body.items),
  /** Without parentCode and q: the top of the tree. With q: a name search, within parentCode if given. */
  divisions: (query: PageQuery & { parentCode?: string; q?: string }, signal?: AbortSignal) =>
    api.get<Page<Division>>('/org/divisions', { ...query }, signal),
  /** A division and its path from the top (the division itself last). */
  division: (code: string, signal?: AbortSignal) =>
    api.get<{ division: Division; path: Division[] }>(`/org/divisions/${encodeURIComponent(code)}`, undefined, signal),
  organisations: (query: PageQuery & { q?: string }, signal?: AbortSignal) =>
    api.get<Page<Organisation>>('/org/organisations', { ...query }, signal),
  users: (query: PageQuery & { q?: string }, signal?: AbortSignal) =>
    api.get<Page<UserRow>>('/org/users', { ...query }, signal),
};

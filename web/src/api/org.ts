import { api, type Page, type PageQuery } from './client';

export interface Division {
  code: string;
  name: string;
  /** The server's level name (e.g. `county`) or depth number; shown through the dictionary when known. */
  level: string | number;
  parentCode: string | null;
}

export type OrganisationKind = 'government' | 'department' | 'enterprise' | 'other';

export interface Organisation {
  id: string;
  name: string;
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
  organisationName: string | null;
  divisionCode: string;
  roles: string[];
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
}

export const orgApi = {
  divisions: (query: PageQuery & { parentCode?: string }, signal?: AbortSignal) =>
    api.get<Page<Division>>('/org/divisions', { ...query }, signal),
  organisations: (query: PageQuery & { q?: string }, signal?: AbortSignal) =>
    api.get<Page<Organisation>>('/org/organisations', { ...query }, signal),
  users: (query: PageQuery & { q?: string }, signal?: AbortSignal) =>
    api.get<Page<UserRow>>('/org/users', { ...query }, signal),
};

import { api } from './client';

export type Locale = 'zh-CN' | 'en-US';

/** The signed-in user, as `GET /auth/me` and `POST /auth/login` return it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  roles: Array<{ code: string; name: string; nameEn: string }>;
  permissions: string[];
  organisation: { id: string; name: string } | null;
  division: { code: string; name: string };
}

export const authApi = {
  login: (username: string, password: string) =>
    api.post<{ user: Me }>('/auth/login', { username, password }).then((body) => body.user),
  me: (signal?: AbortSignal) => api.get<{ user: Me }>('/auth/me', undefined, signal).then((body) => body.user),
  logout: () => api.post<void>('/auth/logout'),
};

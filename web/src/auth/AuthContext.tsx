import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi, type Me } from '../api/auth';
import { ApiError, isApiError, onUnauthorized } from '../api/client';
import { useI18n } from '../i18n';

export type Session =
  | { status: 'loading' }
  /** `problem` is set when the session could not even be checked (server unreachable, 5xx). */
  | { status: 'anonymous'; expired: boolean; problem: ApiError | null }
  | { status: 'signedIn'; me: Me };

interface AuthValue {
  session: Session;
  /** Signs in; throws the server's {@link ApiError} on failure. */
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Holds who is signed in; any 401 from the API (outside login) signs the console out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { adoptUserLocale } = useI18n();
  const [session, setSession] = useState<Session>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    authApi
      .me(controller.signal)
      .then((me) => {
        adoptUserLocale(me.locale);
        setSession({ status: 'signedIn', me });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) {
          return;
        }
        const unauthorized = isApiError(error) && error.status === 401;
        const problem = unauthorized
          ? null
          : isApiError(error)
            ? error
            : new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
        setSession({ status: 'anonymous', expired: false, problem });
      });
    return () => controller.abort();
  }, [adoptUserLocale]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setSession((current) =>
          current.status === 'signedIn' ? { status: 'anonymous', expired: true, problem: null } : current,
        );
      }),
    [],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const me = await authApi.login(username, password);
      adoptUserLocale(me.locale);
      setSession({ status: 'signedIn', me });
      return me;
    },
    [adoptUserLocale],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // The session is dropped on this side whatever the server answered.
    }
    setSession({ status: 'anonymous', expired: false, problem: null });
  }, []);

  const value = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (value === null) {
    throw new Error('useAuth() must be used inside <AuthProvider>');
  }
  return value;
}

/** The signed-in user; only for components rendered behind the sign-in gate. */
export function useMe(): Me {
  const { session } = useAuth();
  if (session.status !== 'signedIn') {
    throw new Error('useMe() used while nobody is signed in');
  }
  return session.me;
}

/** Mirrors the server's rule: a permission is held literally or through `*` (platform administrator). */
export function hasPermission(me: Me, permission: string | null): boolean {
  return permission === null || me.permissions.includes(permission) || me.permissions.includes('*');
}

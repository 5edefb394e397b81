import { App as AntdApp, Flex, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, hasPermission, useAuth } from './auth/AuthContext';
import { Forbidden, NotFound } from './components/ErrorState';
import { I18nProvider } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { navigation, type NavEntry } from './navigation';
import LoginPage from './pages/login/LoginPage';
import { OpendataLayout } from './pages/opendata/OpendataLayout';
import { PortalLayout } from './pages/services/PortalLayout';

// Public: what a license's QR code opens; no session needed.
const PublicVerifyPage = lazy(() => import('./pages/licenses/PublicVerifyPage'));
// Public: the citizen portal's service items and guides.
const ServicesPage = lazy(() => import('./pages/services/ServicesPage'));
// Public: the open-data portal (公共数据开放).
const OpendataPortal = lazy(() => import('./pages/opendata/OpendataPortal'));
// Signed in, without the console's frame: the grid worker's phone pages.
const MobilePages = lazy(() => import('./pages/cases/MobilePages'));

function FullPageSpinner() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }} data-testid="session-loading">
      <Spin size="large" />
    </Flex>
  );
}

/** Sends anyone not signed in to /login, remembering where they wanted to go. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (session.status === 'loading') {
    return <FullPageSpinner />;
  }
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}

/** The login page; once signed in, goes on to the page the user first asked for. */
function LoginRoute() {
  const { session } = useAuth();
  const location = useLocation();
  if (session.status === 'loading') {
    return <FullPageSpinner />;
  }
  if (session.status === 'signedIn') {
    const from = (location.state as { from?: unknown } | null)?.from;
    const target = typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
    return <Navigate to={target} replace />;
  }
  return <LoginPage />;
}

/** A page of the navigation table, shown only to users holding its permission. */
function GuardedPage({ entry }: { entry: NavEntry }) {
  const { session } = useAuth();
  if (session.status !== 'signedIn' || !hasPermission(session.me, entry.permission)) {
    return <Forbidden />;
  }
  const Page = entry.page;
  return <Page />;
}

export function App() {
  return (
    <I18nProvider>
      <AntdApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginRoute />} />
              <Route path="/portal" element={<Navigate to="/portal/services" replace />} />
              <Route
                path="/portal/services/*"
                element={
                  <PortalLayout>
                    <ServicesPage />
                  </PortalLayout>
                }
              />
              <Route
                path="/opendata/*"
                element={
                  <OpendataLayout>
                    <OpendataPortal />
                  </OpendataLayout>
                }
              />
              <Route
                path="/verify/:identifier?"
                element={
                  <Suspense fallback={<FullPageSpinner />}>
                    <PublicVerifyPage />
                  </Suspense>
                }
              />
              <Route
                path="/m/*"
                element={
                  <RequireSession>
                    <Suspense fallback={<FullPageSpinner />}>
                      <MobilePages />
                    </Suspense>
                  </RequireSession>
                }
              />
              <Route
                element={
                  <RequireSession>
                    <AppLayout />
                  </RequireSession>
                }
              >
                {navigation.map((entry) =>
                  entry.path === '/' ? (
                    <Route key={entry.path} index element={<GuardedPage entry={entry} />} />
                  ) : (
                    <Route key={entry.path} path={`${entry.path}/*`} element={<GuardedPage entry={entry} />} />
                  ),
                )}
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntdApp>
    </I18nProvider>
  );
}

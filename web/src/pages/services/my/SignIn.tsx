import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Result, Spin, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { hasPermission, useAuth } from '../../../auth/AuthContext';
import { useI18n } from '../../../i18n';

/** The permission of the `applicant` role (citizens and enterprises). */
export const APPLY = 'services.apply';

/** Where the portal's pages live: `/portal/services` on the public portal, `/services` in the console. */
export function usePortalBase(): string {
  const { pathname } = useLocation();
  return pathname.startsWith('/portal/') ? '/portal/services' : '/services';
}

/** Sign-in of an applicant (same accounts and sessions as staff; the server limits attempts). */
export function SignInCard({ onSignedIn }: { onSignedIn?: () => void }) {
  const { t } = useI18n();
  const { login, session } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      onSignedIn?.();
    } catch (cause) {
      setError(
        isApiError(cause) && cause.code === 'AUTH_INVALID_CREDENTIALS'
          ? t('services.signIn.invalid')
          : isApiError(cause) && cause.code === 'AUTH_RATE_LIMITED'
            ? t('services.signIn.limited', { seconds: cause.detailNumber('retryAfterSeconds') ?? 60 })
            : isApiError(cause)
              ? `${cause.code}: ${cause.message}`
              : String(cause),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card className="yw-apply-signin" title={t('services.signIn.title')} data-testid="applicant-signin">
      {session.status === 'anonymous' && session.expired && <Alert type="info" showIcon title={t('services.signIn.expired')} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" onFinish={(values: { username: string; password: string }) => void submit(values)} requiredMark={false}>
        <Form.Item name="username" label={t('services.signIn.username')} rules={[{ required: true, message: t('services.signIn.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="signin-username" />
        </Form.Item>
        <Form.Item name="password" label={t('services.signIn.password')} rules={[{ required: true, message: t('services.signIn.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="signin-password" />
        </Form.Item>
        {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="signin-error" />}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
          {t('services.signIn.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('services.signIn.demo')}
      </Typography.Paragraph>
    </Card>
  );
}

/** Shows `children` to a signed-in applicant; asks anyone else to sign in as one. */
export function RequireApplicant({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { session, logout } = useAuth();
  if (session.status === 'loading') {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (session.status === 'anonymous') {
    return (
      <Flex vertical gap={12} align="center">
        <Typography.Text type="secondary">{t('services.signIn.needed')}</Typography.Text>
        <SignInCard />
      </Flex>
    );
  }
  if (!hasPermission(session.me, APPLY) || session.me.permissions.includes('*')) {
    return (
      <Result
        status="info"
        title={t('services.signIn.notApplicant')}
        subTitle={t('services.signIn.notApplicantHint', { name: session.me.displayName })}
        extra={<Button onClick={() => void logout()}>{t('services.signIn.switch')}</Button>}
      />
    );
  }
  return children;
}

/** `…/login`: signs an applicant in, then goes to 我的办件 (or where they came from). */
export default function SignInPage() {
  const base = usePortalBase();
  const navigate = useNavigate();
  const location = useLocation();
  const { session } = useAuth();
  const from = (location.state as { from?: unknown } | null)?.from;
  const target = typeof from === 'string' && from.startsWith(base) ? from : `${base}/my/applications`;
  if (session.status === 'signedIn' && hasPermission(session.me, APPLY)) {
    return <Navigate to={target} replace />;
  }
  return (
    <Flex justify="center">
      <SignInCard onSignedIn={() => void navigate(target, { replace: true })} />
    </Flex>
  );
}

import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { useT, type Translate } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import './login.css';

interface Credentials {
  username: string;
  password: string;
}

/** The sentence shown for a failed sign-in, chosen by the server's error code. */
export function loginErrorMessage(error: unknown, t: Translate): string {
  if (!isApiError(error)) {
    return t('login.error.generic');
  }
  switch (error.code) {
    case 'AUTH_INVALID_CREDENTIALS':
      return t('login.error.invalidCredentials');
    case 'AUTH_RATE_LIMITED': {
      const seconds = error.detailNumber('retryAfterSeconds');
      return seconds === undefined
        ? t('login.error.rateLimitedSoon')
        : t('login.error.rateLimited', { seconds: Math.ceil(seconds) });
    }
    case 'VALIDATION_FAILED':
      return t('login.error.validation');
    case 'NETWORK_ERROR':
      return t('login.error.network');
    default:
      return t('login.error.generic');
  }
}

export default function LoginPage() {
  const t = useT();
  const { session, login } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const expired = session.status === 'anonymous' && session.expired;
  const unreachable = session.status === 'anonymous' && session.problem !== null;

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setFailure(null);
    try {
      // Signing in re-renders the /login route, which then goes on to the page asked for.
      await login(username.trim(), password);
    } catch (error) {
      setFailure(loginErrorMessage(error, t));
      setSubmitting(false);
    }
  };

  return (
    <div className="yw-login">
      <div className="yw-login-lang">
        <LanguageSwitch />
      </div>
      <div className="yw-login-intro">
        <div className="yw-login-mark" aria-hidden>
          一
        </div>
        <Typography.Title level={1} className="yw-login-product">
          {t('app.name')} <span className="yw-login-latin">yiwang</span>
        </Typography.Title>
        <Typography.Paragraph className="yw-login-tagline">{t('app.tagline')}</Typography.Paragraph>
        <Typography.Paragraph className="yw-login-slogan">{t('app.slogan')}</Typography.Paragraph>
      </div>
      <Card className="yw-login-card" data-testid="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {failure !== null ? (
          <Alert type="error" showIcon title={failure} className="yw-login-alert" data-testid="login-error" />
        ) : expired ? (
          <Alert type="info" showIcon title={t('error.sessionExpired')} className="yw-login-alert" />
        ) : unreachable ? (
          <Alert type="warning" showIcon title={t('login.error.network')} className="yw-login-alert" />
        ) : null}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
          disabled={submitting}
          autoComplete="on"
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              size="large"
              prefix={<UserOutlined />}
              placeholder={t('login.username')}
              autoComplete="username"
              autoFocus
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder={t('login.password')}
              autoComplete="current-password"
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" size="large" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Typography.Text className="yw-login-footer">{t('login.footer')}</Typography.Text>
    </div>
  );
}

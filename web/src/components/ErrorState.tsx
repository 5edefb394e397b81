import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client';
import { useT } from '../i18n';

/** The 无权访问 screen, for a route the user may not open or an API answer of 403. */
export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('error.forbidden.title')}
      subTitle={t('error.forbidden.description')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('error.notFound.title')}
      subTitle={t('error.notFound.description')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

/**
 * Renders a failed API call: 403 as 无权访问, a network failure or any other code as a
 * retryable error. A 401 renders nothing, the console is already on its way to login.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (isApiError(error) && (error.code === 'AUTH_FORBIDDEN' || error.status === 403)) {
    return <Forbidden />;
  }
  if (isApiError(error) && error.status === 401) {
    return null;
  }
  const description =
    isApiError(error) && error.code === 'NETWORK_ERROR'
      ? t('error.network')
      : t('error.generic', { code: isApiError(error) ? error.code : 'CLIENT_ERROR' });
  return (
    <Result
      status="error"
      title={t('error.load.title')}
      subTitle={description}
      extra={
        onRetry === undefined ? undefined : (
          <Button type="primary" onClick={onRetry}>
            {t('error.retry')}
          </Button>
        )
      }
    />
  );
}

import { Flex, Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import './services.css';

/** The citizen portal's shell: no session, a narrow header that fits a phone. */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="yw-portal" data-testid="portal">
      <header className="yw-portal-header">
        <div className="yw-portal-header-inner">
          <Link to="/portal/services" className="yw-portal-brand">
            <span className="yw-portal-mark" aria-hidden>
              一
            </span>
            <span style={{ minWidth: 0, overflow: 'hidden' }}>
              <div className="yw-portal-title">{t('services.portal.title')}</div>
              <div className="yw-portal-subtitle">{t('services.portal.subtitle')}</div>
            </span>
          </Link>
          <div className="yw-portal-actions">
            <LanguageSwitch />
            <Link to="/login">{t('services.portal.staffLogin')}</Link>
          </div>
        </div>
      </header>
      <main className="yw-portal-main">
        <Suspense
          fallback={
            <Flex justify="center" style={{ padding: 64 }}>
              <Spin />
            </Flex>
          }
        >
          {children}
        </Suspense>
      </main>
    </div>
  );
}

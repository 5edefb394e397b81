import { Flex, Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import '../services/services.css';
import './opendata.css';

/** The open-data portal's shell: no session, a narrow header that fits a phone. */
export function OpendataLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="yw-portal" data-testid="opendata-portal">
      <header className="yw-portal-header">
        <div className="yw-portal-header-inner">
          <Link to="/opendata" className="yw-portal-brand">
            <span className="yw-portal-mark" aria-hidden>
              数
            </span>
            <span style={{ minWidth: 0, overflow: 'hidden' }}>
              <div className="yw-portal-title">{t('opendata.portal.title')}</div>
              <div className="yw-portal-subtitle">{t('opendata.portal.subtitle')}</div>
            </span>
          </Link>
          <div className="yw-portal-actions">
            <Link to="/opendata/statistics" style={{ color: '#fff' }}>
              {t('opendata.statistics')}
            </Link>
            <LanguageSwitch />
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

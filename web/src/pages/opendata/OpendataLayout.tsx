import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { PublicLayout } from '../../components/PublicLayout';
import { useI18n } from '../../i18n';
import '../services/services.css';
import './opendata.css';

/** The open-data portal's shell. */
export function OpendataLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const statistics = (
    <Link to="/opendata/statistics" style={{ color: '#fff' }}>
      {t('opendata.statistics')}
    </Link>
  );
  return (
    <PublicLayout testId="opendata-portal" home="/opendata" mark="数" title={t('opendata.portal.title')} subtitle={t('opendata.portal.subtitle')} actions={{ before: statistics }}>
      {children}
    </PublicLayout>
  );
}

import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { PublicLayout } from '../../components/PublicLayout';
import { useI18n } from '../../i18n';
import './services.css';

/** The citizen portal's shell. */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <PublicLayout
      testId="portal"
      home="/portal/services"
      mark="一"
      title={t('services.portal.title')}
      subtitle={t('services.portal.subtitle')}
      actions={{ after: <Link to="/login">{t('services.portal.staffLogin')}</Link> }}
    >
      {children}
    </PublicLayout>
  );
}

import { UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, useAuth } from '../../auth/AuthContext';
import { PublicLayout } from '../../components/PublicLayout';
import { useI18n } from '../../i18n';
import { APPLY } from './my/SignIn';
import './my/apply.css';
import './services.css';

/** The applicant's way in: 我的 once signed in as an applicant, 登录 before. */
function ApplicantLink() {
  const { t } = useI18n();
  const { session } = useAuth();
  if (session.status === 'signedIn' && hasPermission(session.me, APPLY) && !session.me.permissions.includes('*')) {
    return (
      <Link to="/portal/services/my/applications" className="yw-portal-my" data-testid="portal-my">
        <UserOutlined /> {t('services.portal.my')}
      </Link>
    );
  }
  if (session.status === 'anonymous') {
    return (
      <Link to="/portal/services/login" className="yw-portal-my" data-testid="portal-signin">
        <UserOutlined /> {t('services.portal.signIn')}
      </Link>
    );
  }
  return null;
}

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
      actions={{
        before: <ApplicantLink />,
        after: (
          <Link to="/login" className="yw-portal-staff">
            {t('services.portal.staffLogin')}
          </Link>
        ),
      }}
    >
      {children}
    </PublicLayout>
  );
}

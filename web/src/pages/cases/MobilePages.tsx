import { LogoutOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { hasPermission, useAuth, useMe } from '../../auth/AuthContext';
import { Forbidden, NotFound } from '../../components/ErrorState';
import { useT } from '../../i18n';
import CaseDetailPage from './CaseDetailPage';
import GridReportPage from './GridReportPage';
import './cases.css';

/** A phone's frame for the grid worker: a slim bar instead of the console's menu and header. */
function MobileShell({ children }: { children: React.ReactNode }) {
  const t = useT();
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="yw-mobile">
      <Flex className="yw-mobile-bar" align="center" justify="space-between" gap={8}>
        <Typography.Text strong ellipsis style={{ color: '#fff' }}>
          {t('app.name')} · {me.displayName}
        </Typography.Text>
        <Button
          size="small"
          type="text"
          icon={<LogoutOutlined />}
          style={{ color: '#fff' }}
          aria-label={t('header.logout')}
          onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
        />
      </Flex>
      <main className="yw-mobile-body">{children}</main>
    </div>
  );
}

function MobileCase() {
  const { id } = useParams();
  return id ? <CaseDetailPage backTo="/m/grid" /> : <NotFound />;
}

/** `/m/…`: the grid worker's phone pages (report, my reports, a report's detail). */
export default function MobilePages() {
  const me = useMe();
  if (!hasPermission(me, 'cases.intake')) {
    return <Forbidden />;
  }
  return (
    <MobileShell>
      <Routes>
        <Route path="grid" element={<GridReportPage detailBase="/m/cases" />} />
        <Route path="cases/:id" element={<MobileCase />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </MobileShell>
  );
}

import { LogoutOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Menu, Spin, Typography, theme } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, useAuth, useMe } from '../auth/AuthContext';
import { useI18n, useT } from '../i18n';
import { activeEntry, navigation } from '../navigation';
import { LanguageSwitch } from './LanguageSwitch';
import './layout.css';

const { Header, Sider, Content } = Layout;

/** The signed-in console: sider menu from the navigation table, header, and the page. */
export function AppLayout() {
  const t = useT();
  const { locale } = useI18n();
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  const items = useMemo(
    () =>
      navigation
        .filter((entry) => hasPermission(me, entry.permission))
        .map((entry) => ({ key: entry.path, icon: entry.icon, label: t(entry.label) })),
    [me, t],
  );
  const selected = activeEntry(location.pathname);
  const roleNames = me.roles.map((role) => (locale === 'en-US' ? role.nameEn : role.name)).join(t('common.listSeparator'));

  const signOut = async () => {
    setSigningOut(true);
    await logout();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout className="yw-shell">
      <Sider
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        trigger={null}
        width={208}
        className="yw-sider"
      >
        <div className="yw-sider-inner">
          <div className="yw-brand" title={t('app.slogan')}>
            <span className="yw-brand-mark" aria-hidden>
              一
            </span>
            {!collapsed && <span className="yw-brand-name">{t('app.name')}</span>}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={selected === undefined ? [] : [selected.path]}
            onClick={({ key }) => navigate(key)}
            data-testid="nav-menu"
          />
        </div>
      </Sider>
      <Layout>
        <Header className="yw-header" style={{ background: token.colorBgContainer }}>
          <Typography.Title level={4} className="yw-header-title" data-testid="header-title">
            {t('app.name')} · {me.division.name}
          </Typography.Title>
          <Flex align="center" gap={16} className="yw-header-tools">
            <Flex align="center" gap={8} data-testid="current-user">
              <Avatar style={{ background: token.colorPrimary }}>{me.displayName.slice(0, 1)}</Avatar>
              <Flex vertical className="yw-user">
                <Typography.Text strong data-testid="current-user-name">
                  {me.displayName}
                </Typography.Text>
                {roleNames !== '' && (
                  <Typography.Text type="secondary" className="yw-user-roles" title={roleNames}>
                    {roleNames}
                  </Typography.Text>
                )}
              </Flex>
            </Flex>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} loading={signingOut} onClick={() => void signOut()} aria-label={t('header.logout')}>
              <span className="yw-logout-text">{t('header.logout')}</span>
            </Button>
          </Flex>
        </Header>
        <Content className="yw-content">
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 64 }}>
                <Spin description={t('common.loading')} />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

import { Badge, Button, Flex, Grid, Tabs, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n } from '../../../i18n';
import { myApi } from '../applications-api';
import { usePortalBase } from './SignIn';

export type MyTab = 'applications' | 'licenses' | 'messages' | 'bundles' | 'entitlements';

/** The applicant's own area: 我的办件 / 一件事 / 我的证照 / 免申即享 / 我的消息 (with the unread count), who is signed in, sign out. */
export function MyTabs({ active }: { active: MyTab }) {
  const { t } = useI18n();
  const base = usePortalBase();
  const navigate = useNavigate();
  const { session, logout } = useAuth();
  const screens = Grid.useBreakpoint();
  const unread = useApiQuery((signal) => myApi.messages({ page: 1, pageSize: 1 }, signal), [active]);
  const name = session.status === 'signedIn' ? session.me.displayName : '';
  return (
    <div className="yw-apply-tabs">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" data-testid="applicant-name">
          {t('services.my.hello', { name })}
        </Typography.Text>
        <Button size="small" type="link" onClick={() => void logout().then(() => navigate(base))} data-testid="applicant-signout">
          {t('services.my.signOut')}
        </Button>
      </Flex>
      <Tabs
        activeKey={active}
        tabBarGutter={screens.sm ? 28 : 14}
        onChange={(key) => void navigate(`${base}/my/${key}`)}
        items={[
          { key: 'applications', label: t('services.my.applications') },
          { key: 'bundles', label: t('services.my.bundles') },
          { key: 'licenses', label: t('services.my.licenses') },
          { key: 'entitlements', label: t('services.my.entitlements') },
          {
            key: 'messages',
            label: (
              <Badge count={unread.data?.unread ?? 0} size="small" offset={[8, -2]}>
                {t('services.my.messages')}
              </Badge>
            ),
          },
        ]}
      />
    </div>
  );
}

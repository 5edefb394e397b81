import { Badge, Card, Flex, Tag } from 'antd';
import { orgApi, type UserRow } from '../../api/org';
import { PagedTable } from '../../components/PagedTable';
import { PageTitle } from '../../components/PageTitle';
import { SearchBox } from '../../components/SearchBox';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';

/** 用户: server-paginated, searchable by username or name. */
export default function UsersPage() {
  const { t, locale } = useI18n();
  const { q } = useListParams();
  // Rows carry role codes; names come from the role list (needs org.read; codes show without it).
  const roles = useApiQuery((signal) => orgApi.roles(signal), []);
  const roleName = (code: string) => {
    const role = roles.data?.find((candidate) => candidate.code === code);
    return role === undefined ? code : locale === 'zh-CN' ? role.name : role.nameEn;
  };
  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('nav.users')}</PageTitle>
      <Card>
        <Flex vertical gap={16}>
          <SearchBox placeholder={t('user.search')} />
          <PagedTable<UserRow>
            rowKey="id"
            filterKey={q}
            load={(page, signal) => orgApi.users({ ...page, q }, signal)}
            columns={[
              {
                title: t('user.username'),
                dataIndex: 'username',
                render: (username: string) => <span className="yw-mono">{username}</span>,
              },
              { title: t('user.displayName'), dataIndex: 'displayName' },
              { title: t('user.organisation'), dataIndex: 'organisationName', render: (v: string | null) => v ?? '—' },
              {
                title: t('user.division'),
                dataIndex: 'divisionName',
                render: (name: string, row) => t('organisation.divisionWithCode', { name, code: row.divisionCode }),
              },
              {
                title: t('user.roles'),
                dataIndex: 'roles',
                render: (codes: string[]) => (
                  <Flex wrap gap={4}>
                    {codes.map((code) => (
                      <Tag key={code}>{roleName(code)}</Tag>
                    ))}
                  </Flex>
                ),
              },
              {
                title: t('user.status'),
                dataIndex: 'status',
                render: (status: UserRow['status']) =>
                  status === 'active' ? (
                    <Badge status="success" text={t('user.status.active')} />
                  ) : (
                    <Badge status="default" text={t('user.status.disabled')} />
                  ),
              },
              {
                title: t('user.lastLoginAt'),
                dataIndex: 'lastLoginAt',
                render: (at: string | null) => (at === null ? t('user.neverLoggedIn') : formatDateTime(at, locale)),
              },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}

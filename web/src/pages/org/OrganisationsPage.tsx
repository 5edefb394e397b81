import { Card, Flex, Tag } from 'antd';
import { orgApi, type Organisation, type OrganisationKind } from '../../api/org';
import { PagedTable } from '../../components/PagedTable';
import { PageTitle } from '../../components/PageTitle';
import { SearchBox } from '../../components/SearchBox';
import { useListParams } from '../../hooks/useListParams';
import { isMessageKey, useT } from '../../i18n';

const kindColors: Record<OrganisationKind, string> = {
  government: 'red',
  department: 'blue',
  enterprise: 'green',
  other: 'default',
};

/** 组织机构: server-paginated, searchable by name or credit code. */
export default function OrganisationsPage() {
  const t = useT();
  const { q } = useListParams();
  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('nav.organisations')}</PageTitle>
      <Card>
        <Flex vertical gap={16}>
          <SearchBox placeholder={t('organisation.search')} />
          <PagedTable<Organisation>
            rowKey="id"
            filterKey={q}
            load={(page, signal) => orgApi.organisations({ ...page, q }, signal)}
            columns={[
              { title: t('organisation.name'), dataIndex: 'name' },
              {
                title: t('organisation.kind'),
                dataIndex: 'kind',
                render: (kind: OrganisationKind) => {
                  const key = `organisation.kind.${kind}`;
                  return <Tag color={kindColors[kind] ?? 'default'}>{isMessageKey(key) ? t(key) : kind}</Tag>;
                },
              },
              {
                title: t('organisation.division'),
                dataIndex: 'divisionName',
                render: (name: string, row) => t('organisation.divisionWithCode', { name, code: row.divisionCode }),
              },
              {
                title: t('organisation.creditCode'),
                dataIndex: 'creditCode',
                render: (code: string | null) => (code === null ? '—' : <span className="yw-mono">{code}</span>),
              },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}

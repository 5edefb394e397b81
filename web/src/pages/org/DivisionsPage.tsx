import { Breadcrumb, Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { orgApi, type Division } from '../../api/org';
import { PagedTable } from '../../components/PagedTable';
import { PageTitle } from '../../components/PageTitle';
import { SearchBox } from '../../components/SearchBox';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useListParams } from '../../hooks/useListParams';
import { isMessageKey, useT, type Translate } from '../../i18n';

function label(prefix: 'division.level' | 'division.kind', value: string | null, t: Translate): string {
  if (value === null) {
    return '—';
  }
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

const childrenOf = (code: string) => `/org/divisions?parentCode=${encodeURIComponent(code)}`;

/**
 * 行政区划: the top of the tree; clicking a row drills into its children, the breadcrumb
 * (the parent's path, asked of the server so that a shared link shows it too) goes back up.
 */
export default function DivisionsPage() {
  const t = useT();
  const { params, q, update } = useListParams();
  const parentCode = params.get('parentCode') ?? '';
  const path = useApiQuery(
    (signal) =>
      parentCode === '' ? Promise.resolve([]) : orgApi.division(parentCode, signal).then((found) => found.path),
    [parentCode],
  );
  const trail = path.data ?? [];

  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('nav.divisions')}</PageTitle>
      <Card>
        <Flex vertical gap={16}>
          <Breadcrumb
            data-testid="division-breadcrumb"
            items={[
              {
                key: 'root',
                title: parentCode === '' ? t('division.root') : <Link to="/org/divisions">{t('division.root')}</Link>,
              },
              ...trail.map((step) => ({
                key: step.code,
                title: step.code === parentCode ? step.name : <Link to={childrenOf(step.code)}>{step.name}</Link>,
              })),
            ]}
          />
          <Flex justify="space-between" align="center" wrap gap={16}>
            <SearchBox placeholder={t('division.search')} />
            <Typography.Text type="secondary">{t('division.hint')}</Typography.Text>
          </Flex>
          <PagedTable<Division>
            rowKey="code"
            filterKey={`${parentCode}|${q}`}
            load={(page, signal) =>
              orgApi.divisions(
                { ...page, ...(parentCode === '' ? {} : { parentCode }), ...(q === '' ? {} : { q }) },
                signal,
              )
            }
            onRow={(division) =>
              // Townships are the finest level the platform holds: nothing to drill into.
              division.level === 'township'
                ? {}
                : {
                    onClick: () => update({ parentCode: division.code, q: null, page: null }),
                    style: { cursor: 'pointer' },
                  }
            }
            columns={[
              {
                title: t('division.code'),
                dataIndex: 'code',
                render: (code: string) => <span className="yw-mono">{code}</span>,
              },
              {
                title: t('division.name'),
                dataIndex: 'name',
                render: (name: string, division) =>
                  division.level === 'township' ? (
                    name
                  ) : (
                    <Link to={childrenOf(division.code)} onClick={(event) => event.stopPropagation()}>
                      {name}
                    </Link>
                  ),
              },
              {
                title: t('division.level'),
                dataIndex: 'level',
                render: (level: string) => label('division.level', level, t),
              },
              {
                title: t('division.kind'),
                dataIndex: 'kind',
                render: (kind: string | null) => label('division.kind', kind, t),
              },
              {
                title: t('division.parentCode'),
                dataIndex: 'parentCode',
                render: (code: string | null) => code ?? '—',
              },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}

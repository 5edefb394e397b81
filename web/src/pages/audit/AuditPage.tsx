import { Card, Flex, Tooltip, Typography } from 'antd';
import { auditApi, type AuditRecord } from '../../api/audit';
import { Clipped } from '../../components/Clipped';
import { PagedTable } from '../../components/PagedTable';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';

function hasDetails(details: unknown): boolean {
  if (details === null || details === undefined) {
    return false;
  }
  return typeof details !== 'object' || Object.keys(details).length > 0;
}

/** 审计日志: the tamper-evident trail, newest first as the server orders it. */
export default function AuditPage() {
  const { t, locale } = useI18n();
  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('nav.audit')}</PageTitle>
      <Card>
        <PagedTable<AuditRecord>
          rowKey="seq"
          filterKey=""
          load={(page, signal) => auditApi.list(page, signal)}
          expandable={{
            rowExpandable: (record) => hasDetails(record.details),
            expandedRowRender: (record) => (
              <pre className="yw-mono" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {JSON.stringify(record.details, null, 2)}
              </pre>
            ),
          }}
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
            { title: t('audit.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, locale) },
            {
              title: t('audit.actor'),
              dataIndex: 'actor',
              render: (actor: string | null, record: { actorName: string | null }) =>
                actor === null ? t('common.system') : <Clipped text={record.actorName ?? actor} width={240} />,
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (action: string) => <code className="yw-nowrap">{action}</code>,
            },
            {
              title: t('audit.target'),
              dataIndex: 'target',
              render: (target: string | null) => (target === null ? '—' : <Clipped text={target} width={240} />),
            },
            {
              title: t('audit.hash'),
              dataIndex: 'hash',
              render: (hash: string) => (
                <Tooltip title={<span className="yw-mono">{hash}</span>}>
                  <Typography.Text className="yw-mono" copyable={{ text: hash }}>
                    {hash.slice(0, 12)}…
                  </Typography.Text>
                </Tooltip>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

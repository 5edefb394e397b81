import { Alert, App, Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { casesApi, type CaseView, type Coordination, type DuplicateView } from './api';
import { StatusTag } from './labels';

/**
 * 疑似重复案件 of a case and, for dispatchers, 合并到该案件: this case (the later report, still
 * open) is closed into the listed open case, whose reporters it joins. A merged case says
 * which case it went into; a main case lists the cases merged into it.
 */
export function CaseDuplicates({ c, coordination, onDone }: { c: CaseView; coordination: Coordination; onDone: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const mayMerge = hasPermission(me, 'cases.dispatch') && c.status !== 'closed';
  const { duplicates, mergedInto, mergedCases } = coordination;
  if (duplicates.length === 0 && !mergedInto && mergedCases.length === 0) {
    return null;
  }

  async function merge(into: DuplicateView) {
    setBusy(into.caseId);
    try {
      await casesApi.merge(c.id, { intoCaseId: into.caseId, version: c.version });
      void message.success(t('cases.merge.done', { number: into.number }));
    } catch (error) {
      if (isApiError(error) && error.code === 'CASES_VERSION_CONFLICT') {
        void message.warning(t('cases.error.versionConflict'));
      } else {
        void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
      }
    } finally {
      setBusy(null);
      onDone();
    }
  }

  return (
    <Card title={t('cases.merge.title')} data-testid="case-duplicates">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {mergedInto && (
          <Alert
            type="info"
            showIcon
            data-testid="case-merged-into"
            message={
              <span>
                {t('cases.merge.mergedInto')} <Link to={`/cases/${mergedInto.id}`}>{mergedInto.number}</Link>
              </span>
            }
          />
        )}
        {mergedCases.length > 0 && (
          <div data-testid="case-merged-cases">
            <Typography.Text type="secondary">{t('cases.merge.mergedCases')} </Typography.Text>
            <Space wrap size={4}>
              {mergedCases.map((m) => (
                <Link key={m.id} to={`/cases/${m.id}`}>
                  {m.number}
                </Link>
              ))}
            </Space>
          </div>
        )}
        {duplicates.length > 0 && (
          <Table<DuplicateView>
            rowKey="caseId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={duplicates}
            columns={[
              { title: t('cases.field.number'), dataIndex: 'number', render: (_, d) => <Link to={`/cases/${d.caseId}`}>{d.number}</Link> },
              { title: t('cases.field.description'), dataIndex: 'description', render: (v: string) => <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>{v}</Typography.Text> },
              { title: t('cases.merge.distance'), dataIndex: 'distanceM', align: 'right', render: (v: number) => t('cases.merge.metres', { m: Math.round(v) }) },
              { title: t('cases.merge.similarity'), dataIndex: 'similarity', align: 'right', render: (v: number) => `${Math.round(v * 100)}%` },
              { title: t('cases.field.status'), dataIndex: 'status', render: (_, d) => <StatusTag status={d.status} /> },
              ...(mayMerge
                ? [
                    {
                      title: t('cases.field.actions'),
                      key: 'merge',
                      render: (_: unknown, d: DuplicateView) =>
                        d.status === 'closed' ? null : (
                          <Popconfirm title={t('cases.merge.confirm', { number: c.number, into: d.number })} okText={t('cases.merge.ok')} onConfirm={() => merge(d)}>
                            <Button size="small" loading={busy === d.caseId} data-testid="case-merge">
                              {t('cases.merge.button')}
                            </Button>
                          </Popconfirm>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

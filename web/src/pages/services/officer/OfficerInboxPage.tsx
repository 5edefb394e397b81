import { DislikeOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Segmented, Select, Space } from 'antd';
import { Link } from 'react-router-dom';
import { PagedTable } from '../../../components/PagedTable';
import { PageTitle } from '../../../components/PageTitle';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { officerApi, type ApplicationStatus, type ApplicationSummary } from '../applications-api';
import { DeadlineText, StatusTag, stepLabel } from '../my/status';

const STATUSES: ApplicationStatus[] = ['submitted', 'reviewing', 'deciding', 'approved', 'correction', 'completed', 'rejected'];

/** How many of the caller's to-dos are overdue or close to their deadline. */
function DeadlineWarnings() {
  const { t } = useI18n();
  const overdue = useApiQuery((signal) => officerApi.inbox({ page: 1, pageSize: 1, scope: 'todo', deadlineState: ['overdue'] }, signal), []);
  const warning = useApiQuery((signal) => officerApi.inbox({ page: 1, pageSize: 1, scope: 'todo', deadlineState: ['warning'] }, signal), []);
  const o = overdue.data?.total ?? 0;
  const w = warning.data?.total ?? 0;
  if (o + w === 0) {
    return null;
  }
  return (
    <Alert
      type={o > 0 ? 'error' : 'warning'}
      showIcon
      icon={<WarningOutlined />}
      title={t('services.officer.deadlineAlert', { overdue: o, warning: w })}
      data-testid="officer-deadline-alert"
    />
  );
}

/** 办件收件箱: what the officer can act on (待受理 / 待审查 / 待决定 / 待办结), most urgent first, or all of the organisation's. */
export default function OfficerInboxPage() {
  const { t, locale } = useI18n();
  const { params, q, setQuery, update } = useListParams();
  const scope = params.get('scope') === 'all' ? 'all' : 'todo';
  const status = params.getAll('status').filter((s): s is ApplicationStatus => (STATUSES as string[]).includes(s));
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <PageTitle>{t('nav.servicesHandle')}</PageTitle>
        <Link to="rectifications">
          <Button icon={<DislikeOutlined />}>{t('services.rectify.title')}</Button>
        </Link>
      </Flex>
      <DeadlineWarnings />
      <Space wrap>
        <Segmented
          value={scope}
          onChange={(value) => update({ scope: value === 'all' ? 'all' : null, page: null })}
          options={[
            { value: 'todo', label: t('services.officer.todo') },
            { value: 'all', label: t('services.officer.all') },
          ]}
          data-testid="officer-scope"
        />
        <Select<ApplicationStatus | ''>
          style={{ width: 160 }}
          value={status[0] ?? ''}
          onChange={(value) => update({ status: value === '' ? null : value, page: null })}
          options={[{ value: '', label: t('services.officer.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`services.status.${s}`) }))]}
        />
        <Input.Search allowClear defaultValue={q} placeholder={t('services.officer.search')} onSearch={setQuery} style={{ width: 260 }} />
      </Space>
      <PagedTable<ApplicationSummary>
        rowKey="id"
        size="middle"
        filterKey={`${scope}|${status.join(',')}|${q}`}
        load={(page, signal) => officerApi.inbox({ ...page, scope, ...(status.length > 0 ? { status } : {}), ...(q ? { q } : {}) }, signal)}
        onRow={(a) => ({ 'data-testid': 'inbox-row', 'data-number': a.number }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('services.receipt.number'),
            dataIndex: 'number',
            render: (_v, a) => (
              <Link to={a.id} className="yw-services-mono" data-testid="inbox-open">
                {a.number}
              </Link>
            ),
          },
          { title: t('services.officer.item'), render: (_v, a) => a.item.name },
          { title: t('services.officer.applicant'), render: (_v, a) => `${a.applicant.name}（${a.applicant.codeMasked}）` },
          { title: t('services.receipt.status'), render: (_v, a) => <StatusTag status={a.status} t={t} /> },
          { title: t('services.my.currentStep'), render: (_v, a) => (a.step !== null ? stepLabel(t, a.step) : '—') },
          { title: t('services.my.deadline'), render: (_v, a) => <DeadlineText deadline={a.deadline} t={t} /> },
          { title: t('services.my.submittedAt'), render: (_v, a) => formatDateTime(a.submittedAt, locale) },
        ]}
      />
    </Flex>
  );
}

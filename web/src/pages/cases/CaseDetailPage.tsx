import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Image, Row, Space, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { isMessageKey, useI18n } from '../../i18n';
import { attachmentUrl, casesApi, type TimelineEntry } from './api';
import { CaseActions } from './CaseActions';
import { CaseDuplicates } from './CaseDuplicates';
import { DeadlineText, StatusTag, SuggestionText, UrgencyTag, useCategories, useDepartments, WarningTag } from './labels';
import { PointMap } from './PointMap';

/** `/cases/:id`: every field of a case, its place, the steps allowed now and the timeline. */
export default function CaseDetailPage({ backTo = '/cases' }: { backTo?: string }) {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const me = useMe();
  const detail = useApiQuery((signal) => casesApi.detail(id, signal), [id]);
  const photos = useApiQuery((signal) => casesApi.attachments(id, signal), [id]);
  const categories = useCategories();
  const departments = useDepartments(hasPermission(me, 'cases.dispatch') && hasPermission(me, 'org.read'));

  if (detail.error) {
    return <ErrorState error={detail.error} onRetry={detail.reload} />;
  }
  const c = detail.data?.case;
  const label = (key: string) => (isMessageKey(key) ? t(key) : key);
  const alarmId = c?.sourceRef?.startsWith('iot.alarm:') ? c.sourceRef.slice('iot.alarm:'.length) : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Link to={backTo}>
          <ArrowLeftOutlined /> {t('cases.backToQueue')}
        </Link>
      </Space>
      <PageTitle>
        <span data-testid="case-number">{c?.number ?? ''}</span>
      </PageTitle>
      {c && <CaseActions c={c} categories={categories.data} departments={departments.data} onDone={() => detail.reload()} size="middle" />}
      <Card loading={detail.loading && !c}>
        {c && (
          <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3 }} size="small" data-testid="case-fields">
            <Descriptions.Item label={t('cases.field.status')}>
              <Space size={2} wrap>
                <StatusTag status={c.status} />
                <UrgencyTag urgency={c.urgency} />
                <WarningTag warning={c.warning} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.channel')}>{t(`cases.channel.${c.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.type')}>{t(`cases.type.${c.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.category')}>{c.categoryName ? `${c.categoryName}（${c.categoryCode}）` : t('cases.none')}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.suggestion')}>
              <SuggestionText c={c} categories={categories.data} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.organisation')}>{c.organisation?.name ?? t('cases.none')}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.reporter')}>
              <span data-testid="case-reporter">{[c.reporter.name, c.reporter.phone].filter(Boolean).join(' · ') || t('cases.none')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.deadline')}>
              <DeadlineText c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.createdAt')}>{formatDateTime(c.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.address')}>{c.address ?? t('cases.none')}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.division')}>
              {c.divisionCode}
              {c.gridCode ? ` · ${t('cases.field.grid')} ${c.gridCode}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.satisfaction')}>{c.satisfaction ? t(`cases.satisfaction.${c.satisfaction}`) : t('cases.none')}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.counts')}>{`${c.returnCount} / ${c.reopenCount}`}</Descriptions.Item>
            {alarmId && (
              <Descriptions.Item label={t('cases.field.source')}>
                <Link to={`/iot/alarms?alarm=${alarmId}`}>{t('cases.channel.iot')}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('cases.field.description')} span={3}>
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {c && detail.data?.coordination && <CaseDuplicates c={c} coordination={detail.data.coordination} onDone={() => detail.reload()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('cases.detail.timeline')}>
            {detail.data && <CaseTimeline entries={detail.data.timeline} label={label} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('cases.detail.map')}>
            {c?.point ? <PointMap point={c.point} /> : <Empty description={t('cases.detail.noPoint')} />}
          </Card>
          {(photos.data?.length ?? 0) > 0 && (
            <Card title={t('cases.detail.photos')} style={{ marginTop: 16 }} data-testid="case-photos">
              <Image.PreviewGroup>
                <Space wrap>
                  {photos.data!.map((p) => (
                    <Image key={p.id} width={96} height={96} style={{ objectFit: 'cover' }} src={attachmentUrl(id, p.id)} alt={p.name} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            </Card>
          )}
        </Col>
      </Row>
      {!c && detail.loading && <Button loading type="text" />}
    </Space>
  );
}

/** Steps a department's handler takes: the case's organisation is the actor's own. */
const HANDLER_STEPS = new Set(['sign', 'handle', 'reply', 'return']);

function CaseTimeline({ entries, label }: { entries: TimelineEntry[]; label: (key: string) => string }) {
  const { t, locale } = useI18n();
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((e) => ({
        color: e.action === 'return' || e.action === 'warn' ? 'red' : e.action === 'close' ? 'green' : 'blue',
        children: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Typography.Text strong>{label(`cases.action.${e.action}`)}</Typography.Text>
            <Typography.Text type="secondary">
              {'  '}
              {e.fromStatus ? `${label(`cases.status.${e.fromStatus}`)} → ` : ''}
              {label(`cases.status.${e.toStatus}`)}
            </Typography.Text>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {formatDateTime(e.createdAt, locale)}
                {e.actorName ? ` · ${HANDLER_STEPS.has(e.action) && e.orgName ? t('cases.detail.actor', { actor: e.actorName, org: e.orgName }) : e.actorName}` : ''}
                {(e.action === 'dispatch' || e.action === 'reopen') && e.orgName ? ` → ${e.orgName}` : ''}
              </Typography.Text>
            </div>
            {typeof e.details?.['satisfaction'] === 'string' && <div>{label(`cases.satisfaction.${e.details['satisfaction']}`)}</div>}
            {typeof e.details?.['fromNumber'] === 'string' && <div>← {e.details['fromNumber']}</div>}
            {typeof e.details?.['intoNumber'] === 'string' && <div>→ {e.details['intoNumber']}</div>}
            {e.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}

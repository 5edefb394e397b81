import { ArrowLeftOutlined, FormOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Grid, List, Result, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { servicesApi, type Guide, type Material } from '../../api/services';
import { ErrorState } from '../../components/ErrorState';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../i18n';
import { channelLabel, daysLabel, DepthTag, levelLabel, materialFormLabel, subjectLabel, typeLabel } from './labels';
import './services.css';

function LicenseTag({ t }: { t: Translate }) {
  return (
    <Tag color="processing" icon={<SafetyCertificateOutlined />} data-testid="license-tag">
      {t('services.material.license')}
    </Tag>
  );
}

function requirementText(t: Translate, m: Material) {
  return m.requirement === 'required' ? t('services.material.required') : `${t('services.material.conditional')}：${m.condition ?? ''}`;
}

/** The materials as a table on wide screens, as a list of short blocks on a phone. */
function Materials({ materials, t, wide }: { materials: Material[]; t: Translate; wide: boolean }) {
  if (materials.length === 0) {
    return <Typography.Text type="secondary">{t('services.material.none')}</Typography.Text>;
  }
  if (!wide) {
    return (
      <List<Material>
        size="small"
        dataSource={materials}
        renderItem={(m, index) => (
          <List.Item data-testid="material">
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Typography.Text strong>
                {index + 1}. {m.name}
              </Typography.Text>
              <Typography.Text type="secondary">
                {materialFormLabel(t, m.form)} × {m.count} · {requirementText(t, m)}
              </Typography.Text>
              {m.note !== '' && <Typography.Text type="secondary">{m.note}</Typography.Text>}
              {m.licenseTypeCode !== null && (
                <div className="yw-services-license">
                  <LicenseTag t={t} />
                </div>
              )}
            </Flex>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Material>
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={materials}
      onRow={() => ({ 'data-testid': 'material' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '#', width: 40, render: (_value, _m, index) => index + 1 },
        {
          title: t('services.material.name'),
          dataIndex: 'name',
          render: (_value, m) => (
            <Flex vertical gap={4}>
              <span>{m.name}</span>
              {m.note !== '' && <Typography.Text type="secondary">{m.note}</Typography.Text>}
              {m.licenseTypeCode !== null && (
                <span>
                  <LicenseTag t={t} />
                </span>
              )}
            </Flex>
          ),
        },
        { title: t('services.material.form'), width: 90, render: (_value, m) => materialFormLabel(t, m.form) },
        { title: t('services.material.count'), width: 70, dataIndex: 'count' },
        { title: t('services.material.requirement'), width: 220, render: (_value, m) => requirementText(t, m) },
      ]}
    />
  );
}

function FormFields({ guide, t }: { guide: Guide; t: Translate }) {
  const properties = Object.entries(guide.formSchema.properties ?? {});
  const required = new Set(guide.formSchema.required ?? []);
  return (
    <Space size={[6, 6]} wrap>
      {properties.map(([name, field]) => (
        <Tag key={name} color={required.has(name) ? 'blue' : 'default'} title={required.has(name) ? t('services.field.required') : undefined}>
          {field.title ?? name}
          {required.has(name) ? ' *' : ''}
        </Tag>
      ))}
    </Space>
  );
}

function GuideView({ guide, t, wide }: { guide: Guide; t: Translate; wide: boolean }) {
  const deadline = guide.deadline;
  return (
    <Flex vertical gap={12} className="yw-services-guide" data-testid="services-guide">
      <Card size="small">
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 8 }} data-testid="guide-title">
          {guide.name}
        </Typography.Title>
        <Space size={[0, 4]} wrap>
          <Tag>{typeLabel(t, guide.type)}</Tag>
          <DepthTag depth={guide.onlineDepth} t={t} />
          {guide.crossRegion.length > 0 && <Tag color="purple">{t('services.crossRegion')}</Tag>}
          {guide.fees.length === 0 && <Tag color="cyan">{t('services.free')}</Tag>}
        </Space>
        {(guide.onlineDepth === 'online_apply' || guide.onlineDepth === 'full_online') && (
          <div style={{ marginTop: 12 }}>
            <Link to="apply" relative="path">
              <Button type="primary" icon={<FormOutlined />} block={!wide} data-testid="guide-apply">
                {t('services.guide.apply')}
              </Button>
            </Link>
          </div>
        )}
      </Card>
      <Card size="small" title={t('services.guide.basic')}>
        <Descriptions size="small" bordered column={wide ? 2 : 1} layout={wide ? 'horizontal' : 'vertical'}>
          <Descriptions.Item label={t('services.guide.organisation')}>{guide.organisation.name}</Descriptions.Item>
          <Descriptions.Item label={t('services.guide.level')}>{levelLabel(t, guide.level)}</Descriptions.Item>
          <Descriptions.Item label={t('services.guide.subjects')}>{guide.subjects.map((s) => subjectLabel(t, s)).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('services.guide.channels')}>{guide.channels.map((c) => channelLabel(t, c)).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('services.guide.legalLimit')}>{daysLabel(t, guide.legalLimitDays)}</Descriptions.Item>
          <Descriptions.Item label={t('services.guide.promisedLimit')}>
            <span data-testid="guide-promised">{daysLabel(t, guide.promisedLimitDays)}</span>
          </Descriptions.Item>
          {deadline !== null && (
            <Descriptions.Item label={t('services.guide.deadline')} span={wide ? 2 : 1}>
              <Flex vertical>
                <span data-testid="guide-deadline">{deadline.date}</span>
                {deadline.unpublishedYears.length > 0 && (
                  <Typography.Text type="warning">{t('services.guide.deadlineUnpublished', { years: deadline.unpublishedYears.join('、') })}</Typography.Text>
                )}
              </Flex>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('services.guide.crossRegion')} span={wide ? 2 : 1}>
            {guide.crossRegionNames.length === 0 ? (
              '—'
            ) : (
              <Flex vertical gap={4}>
                <Typography.Text type="secondary">{t('services.guide.crossRegionHint')}</Typography.Text>
                <Space size={[0, 4]} wrap data-testid="guide-cross-region">
                  {guide.crossRegionNames.map((region) => (
                    <Tag key={region.code}>{region.name}</Tag>
                  ))}
                </Space>
              </Flex>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('services.guide.basis')} span={wide ? 2 : 1}>
            {guide.basis}
          </Descriptions.Item>
          <Descriptions.Item label={t('services.guide.code')} span={wide ? 2 : 1}>
            <span className="yw-services-mono">{guide.code}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {guide.conditions !== '' && (
        <Card size="small" title={t('services.guide.conditions')}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{guide.conditions}</Typography.Paragraph>
        </Card>
      )}
      <Card size="small" title={t('services.guide.materials')}>
        <Materials materials={guide.materials} t={t} wide={wide} />
      </Card>
      {guide.process.length > 0 && (
        <Card size="small" title={t('services.guide.process')}>
          <Steps size="small" orientation={wide ? 'horizontal' : 'vertical'} items={guide.process.map((step) => ({ title: step, status: 'process' as const }))} />
        </Card>
      )}
      <Card size="small" title={t('services.guide.fees')}>
        {guide.fees.length === 0 ? (
          t('services.free')
        ) : (
          <List
            size="small"
            dataSource={guide.fees}
            renderItem={(fee) => (
              <List.Item>
                <Flex vertical gap={2}>
                  <Typography.Text strong>{fee.name}</Typography.Text>
                  <span>{fee.standard}</span>
                  <Typography.Text type="secondary">{fee.basis}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('services.guide.form')}>
        <FormFields guide={guide} t={t} />
      </Card>
    </Flex>
  );
}

/** 办事指南 of one published item; works without a session. */
export default function ServiceGuidePage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const { data, error, loading, reload } = useApiQuery((signal) => servicesApi.guide(code, signal), [code]);
  const notFound = isApiError(error) && (error.status === 404 || error.code === 'VALIDATION_FAILED');
  return (
    <Flex vertical gap={12}>
      <Link to=".." relative="path">
        <ArrowLeftOutlined /> {t('services.guide.back')}
      </Link>
      {notFound ? (
        <Result status="404" title={t('services.guide.notFound')} />
      ) : error !== null ? (
        <ErrorState error={error} onRetry={reload} />
      ) : loading && data === undefined ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : data ? (
        <GuideView guide={data} t={t} wide={screens.md === true} />
      ) : null}
    </Flex>
  );
}

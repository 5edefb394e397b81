import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Popconfirm, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { catalogApi, type ResourceField, type ResourceVersion } from '../../api/catalog';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { cycleLabel, fieldTypeLabel, GradeTag, OpenTag, ShareTag, StatusTag, writeErrorMessage } from './labels';

/** A resource: its attributes, its fields with their sensitivity, and its version history. */
export default function ResourceDetailPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const resource = useApiQuery((signal) => catalogApi.get(id, signal), [id]);
  const versions = useApiQuery((signal) => catalogApi.versions(id, { page: 1, pageSize: 100 }, signal), [id]);
  const [busy, setBusy] = useState(false);

  if (resource.error !== null) {
    return <ErrorState error={resource.error} onRetry={resource.reload} />;
  }
  const data = resource.data;
  if (data === undefined) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }

  const changeStatus = async (action: 'publish' | 'retire') => {
    setBusy(true);
    try {
      const changed = action === 'publish' ? await catalogApi.publish(data.id, data.version) : await catalogApi.retire(data.id, data.version);
      void message.success(t('catalog.statusChanged', { action: t(`catalog.action.${action}`), version: changed.version }));
      resource.reload();
      versions.reload();
    } catch (error) {
      void message.error(writeErrorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const condition = (text: string | null) =>
    text === null ? null : (
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {text}
      </Typography.Text>
    );

  return (
    <Flex vertical gap={16} data-testid="catalog-detail-page">
      <Breadcrumb items={[{ key: 'catalog', title: <Link to="/catalog">{t('nav.catalog')}</Link> }, { key: 'self', title: data.name }]} />
      <Flex justify="space-between" align="center" wrap gap={16}>
        <Flex align="center" gap={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data.name}
          </Typography.Title>
          <StatusTag status={data.status} t={t} />
        </Flex>
        <Space>
          <Link to="/catalog">
            <Button icon={<ArrowLeftOutlined />}>{t('catalog.back')}</Button>
          </Link>
          {data.canManage && (
            <>
              <Link to={`/catalog/${data.id}/edit`}>
                <Button icon={<EditOutlined />}>{t('catalog.edit')}</Button>
              </Link>
              {data.status === 'published' ? (
                <Popconfirm title={t('catalog.retireConfirm')} onConfirm={() => changeStatus('retire')}>
                  <Button danger loading={busy}>
                    {t('catalog.retire')}
                  </Button>
                </Popconfirm>
              ) : (
                <Popconfirm title={t('catalog.publishConfirm')} onConfirm={() => changeStatus('publish')}>
                  <Button type="primary" loading={busy}>
                    {t('catalog.publish')}
                  </Button>
                </Popconfirm>
              )}
            </>
          )}
        </Space>
      </Flex>
      <Card>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 112, whiteSpace: 'nowrap' }, content: { minWidth: 240 } }}
          data-testid="catalog-attributes"
          items={[
            { key: 'code', label: t('catalog.code'), children: <span className="yw-mono">{data.code}</span> },
            { key: 'owner', label: t('catalog.owner'), children: data.owner.name },
            { key: 'category', label: t('catalog.category'), children: data.category || '—' },
            { key: 'cycle', label: t('catalog.updateCycle'), children: cycleLabel(t, data.updateCycle) },
            { key: 'grade', label: t('catalog.grade'), children: <GradeTag grade={data.grade} t={t} /> },
            {
              key: 'tags',
              label: t('catalog.tags'),
              children: data.tags.length === 0 ? '—' : data.tags.map((tag) => (
                <Link key={tag} to={`/catalog?tag=${encodeURIComponent(tag)}`}>
                  <Tag>{tag}</Tag>
                </Link>
              )),
            },
            {
              key: 'share',
              label: t('catalog.shareAttribute'),
              children: (
                <>
                  <ShareTag value={data.shareAttribute} t={t} />
                  {condition(data.shareCondition)}
                </>
              ),
            },
            {
              key: 'open',
              label: t('catalog.openAttribute'),
              children: (
                <>
                  <OpenTag value={data.openAttribute} t={t} />
                  {condition(data.openCondition)}
                </>
              ),
            },
            { key: 'version', label: t('catalog.version'), children: t('catalog.versionNumber', { version: data.version }) },
            { key: 'published', label: t('catalog.publishedAt'), children: formatDateTime(data.publishedAt, locale) },
            { key: 'description', label: t('catalog.description'), span: 'filled', children: data.description || '—' },
          ]}
        />
      </Card>
      <Card title={`${t('catalog.fields')}（${data.fields.length}）`}>
        <Table<ResourceField>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={data.fields}
          data-testid="catalog-fields"
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('catalog.field.label'), dataIndex: 'label' },
            { title: t('catalog.field.name'), dataIndex: 'name', render: (name: string) => <span className="yw-mono">{name}</span> },
            { title: t('catalog.field.type'), dataIndex: 'type', render: (type: ResourceField['type']) => fieldTypeLabel(t, type) },
            {
              title: t('catalog.field.sensitivity'),
              dataIndex: 'sensitivity',
              render: (sensitivity: ResourceField['sensitivity']) => <GradeTag grade={sensitivity} t={t} />,
            },
            { title: t('catalog.field.description'), dataIndex: 'description', render: (text: string) => text || '—' },
          ]}
        />
      </Card>
      <Card title={t('catalog.versions')}>
        {versions.error !== null ? (
          <ErrorState error={versions.error} onRetry={versions.reload} />
        ) : (
          <Table<ResourceVersion>
            rowKey="version"
            size="small"
            loading={versions.loading}
            dataSource={versions.data?.items ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="catalog-versions"
            columns={[
              { title: t('catalog.version'), dataIndex: 'version', width: 90, render: (v: number) => t('catalog.versionNumber', { version: v }) },
              { title: t('catalog.versions.action'), dataIndex: 'action', width: 90, render: (a: ResourceVersion['action']) => t(`catalog.action.${a}`) },
              {
                title: t('catalog.versions.actor'),
                dataIndex: 'actorName',
                render: (name: string | null, row) => name ?? (row.actor?.startsWith('system') ? t('common.system') : (row.actor ?? '—')),
              },
              { title: t('catalog.versions.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, locale) },
              { title: t('catalog.versions.note'), dataIndex: 'note', render: (note: string | null) => note ?? '—' },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

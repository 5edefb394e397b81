import { Badge, Card, Empty, Flex, List, Pagination, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { myApi, type Message } from '../applications-api';
import { MyTabs } from './MyTabs';
import { RequireApplicant, usePortalBase } from './SignIn';
import './apply.css';

function Messages() {
  const { t, locale } = useI18n();
  const base = usePortalBase();
  const { page, pageSize, setPage } = useListParams();
  const [read, setRead] = useState<Set<string>>(new Set());
  const { data, error, reload } = useApiQuery((signal) => myApi.messages({ page, pageSize }, signal), [page, pageSize]);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (data.total === 0) {
    return <Empty description={t('services.messages.none')} />;
  }
  const markRead = (m: Message) => {
    if (m.readAt === null && !read.has(m.id)) {
      setRead((current) => new Set(current).add(m.id));
      void myApi.readMessage(m.id).catch(() => undefined);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <List<Message>
          dataSource={data.items}
          renderItem={(m) => {
            const unread = m.readAt === null && !read.has(m.id);
            return (
              <List.Item data-testid="my-message" data-unread={unread} onClick={() => markRead(m)} style={{ cursor: unread ? 'pointer' : undefined }}>
                <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                  <Flex gap={6} align="center">
                    {unread && <Badge status="processing" />}
                    <Typography.Text strong={unread}>{m.title}</Typography.Text>
                  </Flex>
                  <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                    {m.body}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(m.createdAt, locale)}
                    {m.applicationId !== null && (
                      <>
                        {' · '}
                        <Link to={`${base}/my/applications/${m.applicationId}`} onClick={() => markRead(m)}>
                          {t('services.messages.open')}
                        </Link>
                      </>
                    )}
                  </Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      </Card>
      {data.total > pageSize && <Pagination current={page} pageSize={pageSize} total={data.total} onChange={setPage} size="small" align="center" />}
    </Flex>
  );
}

/** 我的消息: what happened to the applicant's applications; opening one marks it read. */
export default function MyMessagesPage() {
  return (
    <RequireApplicant>
      <MyTabs active="messages" />
      <Messages />
    </RequireApplicant>
  );
}

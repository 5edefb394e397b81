import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Descriptions, Flex, List, Tag, Timeline, Typography } from 'antd';
import { servicesApi } from '../../../api/services';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { formatDateTime } from '../../../format';
import { isMessageKey, type Locale, type Translate } from '../../../i18n';
import type { ApplicationMaterial, LogEntry } from '../applications-api';
import { StatusTag } from './status';

/** The label of a log action (`services.action.accept` …); an unknown action shows as it is. */
export const actionLabel = (t: Translate, action: string) => {
  const key = `services.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
};

/** 已由电子证照替代 (number): a material the applicant's e-license stands for. */
export function ReplacedByLicense({ license, t }: { license: { name: string; number?: string; identifier: string }; t: Translate }) {
  return (
    <Flex vertical gap={2} data-testid="material-replaced">
      <span>
        <Tag color="success" icon={<SafetyCertificateOutlined />}>
          {t('services.apply.replaced', { number: license.number ?? license.name })}
        </Tag>
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {license.name} · <span className="yw-services-mono">{license.identifier}</span>
      </Typography.Text>
    </Flex>
  );
}

/** The materials of an application: uploads (downloadable), e-licenses, waivers. */
export function MaterialList({ materials, fileUrl, t }: { materials: ApplicationMaterial[]; fileUrl: (materialId: string) => string; t: Translate }) {
  return (
    <List<ApplicationMaterial>
      size="small"
      dataSource={materials}
      locale={{ emptyText: t('services.material.none') }}
      renderItem={(m) => (
        <List.Item data-testid="application-material" data-source={m.source}>
          <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
            <Typography.Text strong>{m.name}</Typography.Text>
            {m.source === 'license' && m.license !== null ? (
              <ReplacedByLicense license={m.license} t={t} />
            ) : m.source === 'waived' ? (
              <span>
                <Tag>{t('services.apply.waived')}</Tag>
                <Typography.Text type="secondary">{m.note}</Typography.Text>
              </span>
            ) : m.file !== null ? (
              <a href={fileUrl(m.id)} download={m.file.name} className="yw-apply-file">
                <DownloadOutlined /> {m.file.name} ({Math.max(1, Math.round(m.file.size / 1024))} KB)
              </a>
            ) : null}
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** The application's log, newest first (办理记录). */
export function ApplicationTimeline({ log, t, locale }: { log: LogEntry[]; t: Translate; locale: Locale }) {
  const entries = [...log].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      data-testid="application-timeline"
      items={entries.map((e) => ({
        color: e.action === 'reject' || e.action === 'send_back' ? 'red' : e.action === 'complete' || e.action === 'instant_approve' ? 'green' : 'blue',
        content: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{actionLabel(t, e.action)}</Typography.Text>
              <StatusTag status={e.status} t={t} />
            </Flex>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {formatDateTime(e.at, locale)}
                {e.organisationName ? ` · ${e.organisationName}` : ''}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </div>
            {e.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** The submitted form, labelled and ordered by the item's form schema (fields it no longer has come last, by name). */
export function FormValues({ itemCode, form, testId }: { itemCode: string; form: Record<string, unknown>; testId?: string }) {
  const guide = useApiQuery((signal) => servicesApi.guide(itemCode, signal), [itemCode]);
  const properties = guide.data?.formSchema.properties ?? {};
  const order = Object.keys(properties);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(form).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <Descriptions size="small" column={1} bordered className="yw-apply-desc" data-testid={testId}>
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={properties[key]?.title ?? key}>
          {Array.isArray(value) ? value.join('、') : typeof value === 'boolean' ? (value ? '✓' : '✗') : String(value)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

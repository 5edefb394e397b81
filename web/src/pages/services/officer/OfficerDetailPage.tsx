import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, List, Modal, Radio, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { officerApi, type OfficerAction, type OfficerDetail } from '../applications-api';
import { ApplicationTimeline, FormValues, MaterialList } from '../my/parts';
import { DeadlineText, ProgressSteps, StatusTag, stepLabel } from '../my/status';

interface ActionValues {
  comment?: string;
  reason?: string;
  opinion?: 'agree' | 'disagree';
  materials?: string[];
}

const NEEDS_REASON = new Set<OfficerAction>(['send_back', 'reject']);

/** One workflow action: a dialog asking for what it needs (reason, opinion, materials to correct), then the call. */
function ActionDialog({ action, application, onClose, onDone, t }: { action: OfficerAction; application: OfficerDetail; onClose: () => void; onDone: (next: OfficerDetail) => void; t: Translate }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);

  async function run(values: ActionValues) {
    setBusy(true);
    try {
      const comment = values.comment?.trim();
      const body: Record<string, unknown> = { version: application.version };
      if (NEEDS_REASON.has(action)) {
        body.reason = values.reason!.trim();
      } else if (comment) {
        body.comment = comment;
      }
      if (action === 'review') {
        body.opinion = values.opinion;
      }
      if (action === 'send_back' && values.materials && values.materials.length > 0) {
        body.materials = values.materials;
      }
      onDone(await officerApi.act(application.id, action, body));
      void message.success(t('services.officer.done', { action: t(`services.officer.action.${action}`) }));
    } catch (error) {
      void message.error(
        isApiError(error) && error.status === 409 ? t('services.officer.conflict') : isApiError(error) ? `${error.message} (${error.code})` : String(error),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${t(`services.officer.action.${action}`)} · ${application.number}`}
      okText={t(`services.officer.action.${action}`)}
      okButtonProps={{ danger: action === 'reject', loading: busy, 'data-testid': 'action-confirm' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => void run(values)} initialValues={{ opinion: 'agree' }}>
        {action === 'review' && (
          <Form.Item name="opinion" label={t('services.officer.opinion')}>
            <Radio.Group
              options={[
                { value: 'agree', label: t('services.officer.agree') },
                { value: 'disagree', label: t('services.officer.disagree') },
              ]}
            />
          </Form.Item>
        )}
        {action === 'send_back' && (
          <Form.Item name="materials" label={t('services.officer.correctMaterials')}>
            <Select mode="multiple" options={application.materials.map((m) => ({ value: m.name, label: m.name }))} data-testid="sendback-materials" />
          </Form.Item>
        )}
        {NEEDS_REASON.has(action) ? (
          <Form.Item
            name="reason"
            label={t(action === 'reject' ? 'services.officer.rejectReason' : 'services.officer.sendBackReason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('services.officer.reasonRequired') }]}
            extra={action === 'send_back' && application.deadline.acceptedOn !== null ? t('services.officer.clockStops') : undefined}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="action-reason" />
          </Form.Item>
        ) : (
          <Form.Item name="comment" label={t('services.officer.comment')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="action-comment" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Detail({ application, onChange }: { application: OfficerDetail; onChange: (next: OfficerDetail) => void }) {
  const { t, locale } = useI18n();
  const [acting, setActing] = useState<OfficerAction | null>(null);
  return (
    <Flex vertical gap={12} data-testid="officer-detail">
      <Card size="small">
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <Flex vertical gap={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {application.item.name}
            </Typography.Title>
            <Space wrap>
              <span className="yw-services-mono">{application.number}</span>
              <StatusTag status={application.status} t={t} />
              {application.instant === 'refused' && <Tag color="orange">{t('services.officer.instantRefused')}</Tag>}
            </Space>
          </Flex>
          <Space wrap>
            {application.actions.map((action) => (
              <Button
                key={action}
                type={action === 'approve' || action === 'accept' || action === 'complete' || action === 'review' ? 'primary' : 'default'}
                danger={action === 'reject'}
                onClick={() => setActing(action)}
                data-testid={`action-${action}`}
              >
                {t(`services.officer.action.${action}`)}
              </Button>
            ))}
          </Space>
        </Flex>
        <div style={{ marginTop: 12 }}>
          <ProgressSteps application={application} t={t} vertical={false} />
        </div>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={12}>
            <Card size="small" title={t('services.my.basic')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('services.officer.applicant')}>
                  {application.applicant.name}（{application.applicant.codeMasked}）
                </Descriptions.Item>
                <Descriptions.Item label={t('services.my.currentStep')}>{application.step !== null ? stepLabel(t, application.step) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('services.my.deadline')} span={2}>
                  <DeadlineText deadline={application.deadline} t={t} />
                </Descriptions.Item>
                <Descriptions.Item label={t('services.my.submittedAt')}>{formatDateTime(application.submittedAt, locale)}</Descriptions.Item>
                <Descriptions.Item label={t('services.officer.acceptedOn')}>{application.deadline.acceptedOn ?? '—'}</Descriptions.Item>
              </Descriptions>
              {application.correction !== null && (
                <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('services.officer.correctionPending', { reason: application.correction.reason, materials: application.correction.materials.join('、') || '—' })}
                </Typography.Paragraph>
              )}
              {application.decisionReason !== null && (
                <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
                  {application.decisionReason}
                </Typography.Paragraph>
              )}
            </Card>
            <Card size="small" title={t('services.apply.form')}>
              <FormValues itemCode={application.item.code} form={application.form} testId="officer-form" />
            </Card>
            <Card size="small" title={t('services.apply.materials')}>
              <MaterialList materials={application.materials} fileUrl={(materialId) => officerApi.materialUrl(application.id, materialId)} t={t} />
            </Card>
            <Card size="small" title={t('services.officer.licenses')}>
              <List
                size="small"
                dataSource={application.applicantLicenses}
                locale={{ emptyText: t('services.license.none') }}
                renderItem={(l) => (
                  <List.Item data-testid="officer-license">
                    <Flex vertical gap={2}>
                      <Space wrap>
                        <Typography.Text strong>{l.type.name}</Typography.Text>
                        <Tag color={l.state === 'valid' ? 'success' : 'error'}>{t(`services.license.state.${l.state}`)}</Tag>
                        {l.attachedAs.map((name) => (
                          <Tag key={name} color="blue">
                            {t('services.officer.replaces', { name })}
                          </Tag>
                        ))}
                      </Space>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {l.number} · <span className="yw-services-mono">{l.identifier}</span> · {l.issuer.name}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={12}>
            {application.reviews.length > 0 && (
              <Card size="small" title={t('services.officer.reviews')}>
                <List
                  size="small"
                  dataSource={application.reviews}
                  renderItem={(r) => (
                    <List.Item>
                      <Flex vertical gap={2}>
                        <Space wrap>
                          <Typography.Text strong>{r.organisationName}</Typography.Text>
                          {r.lead && <Tag>{t('services.officer.lead')}</Tag>}
                          {r.status === 'pending' ? <Tag color="processing">{t('services.officer.reviewPending')}</Tag> : <Tag color={r.opinion === 'agree' ? 'success' : 'error'}>{t(`services.officer.${r.opinion ?? 'agree'}`)}</Tag>}
                        </Space>
                        {r.comment && <Typography.Text type="secondary">{r.comment}</Typography.Text>}
                      </Flex>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            {application.instantTrace !== null && (
              <Card size="small" title={t('services.my.instantTrace')}>
                <List
                  size="small"
                  dataSource={application.instantTrace}
                  renderItem={(rule) => (
                    <List.Item>
                      <Typography.Text type={rule.passed ? 'success' : 'danger'}>
                        {rule.passed ? '✓' : '✗'} {rule.label ?? rule.source}
                        {!rule.passed && ` （${JSON.stringify(rule.actual)}）`}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            <Card size="small" title={t('services.my.timeline')}>
              <ApplicationTimeline log={application.log} t={t} locale={locale} />
            </Card>
          </Flex>
        </Col>
      </Row>
      {acting !== null && (
        <ActionDialog
          action={acting}
          application={application}
          t={t}
          onClose={() => setActing(null)}
          onDone={(next) => {
            setActing(null);
            onChange(next);
          }}
        />
      )}
    </Flex>
  );
}

/** 办件详情 for officers: form, materials and the e-licenses standing for them, reviews, log, and the actions now possible. */
export default function OfficerDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const [override, setOverride] = useState<OfficerDetail | null>(null);
  const { data, error, reload } = useApiQuery((signal) => officerApi.get(id, signal), [id]);
  const application = override?.id === id ? override : data;
  return (
    <Flex vertical gap={12}>
      <Link to=".." relative="path">
        <ArrowLeftOutlined /> {t('nav.servicesHandle')}
      </Link>
      {error !== null ? (
        <ErrorState error={error} onRetry={reload} />
      ) : application === undefined ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : (
        <Detail application={application} onChange={setOverride} />
      )}
    </Flex>
  );
}

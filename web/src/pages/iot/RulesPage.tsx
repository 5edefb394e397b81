import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { iotApi, OPERATORS, RULE_KINDS, SEVERITIES, type Rule, type RuleInput, type RuleKind } from './api';
import { SeverityTag, useDeviceTypes } from './labels';
import { ruleText } from './ruleText';

type Values = Omit<RuleInput, 'typeCode'> & { deviceCode?: string };

/** 告警规则: the rules of a device type (threshold with duration and hysteresis, rate of change, silence). */
export default function RulesPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message, modal } = App.useApp();
  const types = useDeviceTypes();
  const [params, setParams] = useSearchParams();
  const typeCode = params.get('typeCode') ?? types.data?.[0]?.code ?? '';
  const type = types.data?.find((x) => x.code === typeCode);
  // Type rules carry their type; a device's own rules are shown with the type of their device.
  const rules = useApiQuery(async (signal) => {
    if (!typeCode) {
      return [] as Rule[];
    }
    const all = await iotApi.rules({}, signal);
    const deviceCodes = [...new Set(all.flatMap((r) => (r.typeCode === null && r.deviceCode ? [r.deviceCode] : [])))];
    const typeOf = new Map(await Promise.all(deviceCodes.map(async (code) => [code, (await iotApi.device(code, signal)).typeCode] as const)));
    return all.filter((r) => (r.typeCode ?? (r.deviceCode ? typeOf.get(r.deviceCode) : null)) === typeCode);
  }, [typeCode]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) as RuleKind | undefined;
  const canType = hasPermission(me, 'iot.type.manage');
  const canDevice = hasPermission(me, 'iot.device.manage');
  const canEdit = (r: Rule) => (r.deviceCode ? canDevice : canType);

  useEffect(() => {
    if (editing === 'new') {
      form.setFieldsValue({ kind: 'threshold', operator: '>', raiseAfter: 1, clearAfter: 1, severity: 'major', enabled: true });
    } else if (editing) {
      form.setFieldsValue({ ...editing, deviceCode: editing.deviceCode ?? undefined } as Values);
    }
  }, [editing, form]);

  async function save(values: Values) {
    setBusy(true);
    const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Values;
    try {
      if (editing === 'new') {
        const { deviceCode, ...rest } = clean;
        await iotApi.createRule(deviceCode ? { ...rest, deviceCode } : { ...rest, typeCode });
      } else if (editing) {
        const { kind: _kind, deviceCode: _device, ...change } = clean;
        await iotApi.updateRule(editing.id, change);
      }
      void message.success(t('iot.rule.saved'));
      setEditing(null);
      rules.reload();
    } catch (error) {
      void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  }

  function remove(rule: Rule) {
    modal.confirm({
      title: t('iot.rule.deleteConfirm', { name: rule.name }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await iotApi.deleteRule(rule.id);
          rules.reload();
        } catch (error) {
          void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
        }
      },
    });
  }

  const fields = (type?.fields ?? []).filter((f) => (kind === 'rate' ? f.type !== 'boolean' : true));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.iotRules')}</PageTitle>
      <Card>
        <Flex wrap gap={8} justify="space-between" style={{ marginBottom: 16 }}>
          <Select style={{ width: 220 }} value={typeCode || undefined} onChange={(value: string) => setParams({ typeCode: value })} options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))} data-testid="rules-type" />
          {(canType || canDevice) && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-add">
              {t('iot.rule.add')}
            </Button>
          )}
        </Flex>
        {!canType && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('iot.rule.readOnly')} />}
        {rules.error ? (
          <ErrorState error={rules.error} onRetry={rules.reload} />
        ) : (
          <Table<Rule>
            rowKey="id"
            loading={rules.loading}
            dataSource={rules.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="rules-table"
            columns={[
              {
                title: t('iot.rule.name'),
                width: 200,
                render: (_, r) => (
                  <div>
                    <div>{r.name}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.deviceCode ? t('iot.rule.scopeDevice', { device: r.deviceCode }) : t('iot.rule.scopeType', { type: type?.name ?? r.typeCode ?? '' })}
                    </Typography.Text>
                  </div>
                ),
              },
              { title: t('iot.rule.condition'), render: (_, r) => <span style={{ whiteSpace: 'normal' }}>{ruleText(t, r, type)}</span> },
              { title: t('iot.rule.severity'), width: 80, render: (_, r) => <SeverityTag severity={r.severity} /> },
              { title: t('iot.rule.enabled'), width: 70, render: (_, r) => (r.enabled ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
              {
                title: '',
                width: 130,
                render: (_, r) =>
                  canEdit(r) && (
                    <Space size={4}>
                      <Button size="small" onClick={() => setEditing(r)}>
                        {t('iot.rule.edit')}
                      </Button>
                      <Button size="small" danger onClick={() => remove(r)}>
                        {t('iot.rule.delete')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={editing !== null} width={640} title={editing === 'new' ? t('iot.rule.add') : t('iot.rule.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="rule-form">
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('iot.rule.name')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('iot.rule.condition')} rules={[{ required: true }]}>
                <Select disabled={editing !== 'new'} options={RULE_KINDS.map((k) => ({ value: k, label: t(`iot.kind.${k}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          {editing === 'new' && (
            <Form.Item name="deviceCode" label={t('iot.rule.deviceCode')} rules={canType ? [] : [{ required: true }]}>
              <Input maxLength={64} />
            </Form.Item>
          )}
          {kind !== 'silence' && (
            <Form.Item name="field" label={t('iot.rule.field')} rules={[{ required: true }]}>
              <Select options={fields.map((f) => ({ value: f.key, label: `${f.label}${f.unit ? `（${f.unit}）` : ''}` }))} />
            </Form.Item>
          )}
          {kind === 'threshold' && (
            <Row gutter={12}>
              <Col xs={8} sm={6}>
                <Form.Item name="operator" label={t('iot.rule.operator')} rules={[{ required: true }]}>
                  <Select options={OPERATORS.map((o) => ({ value: o, label: o }))} />
                </Form.Item>
              </Col>
              <Col xs={16} sm={8}>
                <Form.Item name="threshold" label={t('iot.rule.threshold')} rules={[{ required: true }]}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={10}>
                <Form.Item name="clearThreshold" label={t('iot.rule.clearThreshold')} tooltip={t('iot.rule.clearThresholdHint')}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )}
          {kind === 'rate' && (
            <Form.Item name="ratePerMinute" label={t('iot.rule.ratePerMinute')} rules={[{ required: true }]}>
              <InputNumber min={0.000001} style={{ width: 200 }} />
            </Form.Item>
          )}
          {kind === 'silence' && (
            <Form.Item name="silenceMinutes" label={t('iot.rule.silenceMinutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10080} precision={0} style={{ width: 200 }} />
            </Form.Item>
          )}
          {kind !== 'silence' && (
            <Row gutter={12}>
              <Col xs={12}>
                <Form.Item name="raiseAfter" label={t('iot.rule.raiseAfter')}>
                  <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="clearAfter" label={t('iot.rule.clearAfter')}>
                  <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="severity" label={t('iot.rule.severity')}>
                <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`iot.severity.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="enabled" label={t('iot.rule.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('iot.rule.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

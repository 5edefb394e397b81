import { App, Alert, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { isApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { casesApi, SATISFACTIONS, type ActBody, type CaseAction, type CaseView, type Category } from './api';
import type { Organisation } from '../../api/org';
import { categoryOptions } from './labels';

/** Which steps the signed-in user may take on `c` now (status, permission, own organisation). */
export function allowedActions(c: CaseView, me: ReturnType<typeof useMe>): CaseAction[] {
  const out: CaseAction[] = [];
  if (hasPermission(me, 'cases.dispatch')) {
    if (c.status === 'accepted') {
      out.push('dispatch');
    }
    if (c.status === 'replied') {
      out.push('callback');
    }
    if (c.status === 'visited') {
      out.push('close');
      if (c.satisfaction === 'unsatisfied') {
        out.push('reopen');
      }
    }
  }
  const mine = c.organisation !== null && me.organisation !== null && c.organisation.id === me.organisation.id;
  if (hasPermission(me, 'cases.handle') && mine) {
    if (c.status === 'dispatched') {
      out.push('sign');
    }
    if (c.status === 'signed' || c.status === 'handling') {
      out.push('handle', 'reply');
    }
    if (c.status === 'dispatched' || c.status === 'signed') {
      out.push('return');
    }
  }
  return out;
}

interface DialogValues {
  comment?: string;
  reason?: string;
  organisationCode?: string;
  categoryCode?: string;
  urgency?: 'normal' | 'urgent';
  satisfaction?: ActBody['satisfaction'];
}

/**
 * The buttons of the steps the user may take on one case, each with its dialog
 * (dispatch: department and category; callback: satisfaction; return: reason …).
 */
export function CaseActions({
  c,
  categories,
  departments,
  onDone,
  size = 'small',
}: {
  c: CaseView;
  categories: Category[] | undefined;
  departments: Organisation[] | undefined;
  onDone: (updated: CaseView | null) => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DialogValues>();
  const actions = allowedActions(c, me);
  const chosenCategory = Form.useWatch('categoryCode', form);

  async function run(action: CaseAction, values: DialogValues) {
    setBusy(true);
    try {
      const body: ActBody = { version: c.version };
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === 'string' && value.trim() !== '') {
          (body as unknown as Record<string, string>)[key] = value.trim();
        }
      }
      const updated = await casesApi.act(c.id, action, body);
      void message.success(`${t(`cases.action.${action}`)} · ${t('cases.done')}`);
      setOpen(null);
      onDone(updated);
    } catch (error) {
      if (isApiError(error) && error.code === 'CASES_VERSION_CONFLICT') {
        void message.warning(t('cases.error.versionConflict'));
        setOpen(null);
        onDone(null);
      } else {
        void message.error(isApiError(error) ? `${error.code}: ${error.message}` : String(error));
      }
    } finally {
      setBusy(false);
    }
  }

  function start(action: CaseAction) {
    form.resetFields();
    if (action === 'dispatch') {
      form.setFieldsValue({ categoryCode: c.categoryCode ?? c.suggestion?.categoryCode, urgency: c.urgency });
    }
    if (action === 'callback') {
      form.setFieldsValue({ satisfaction: 'satisfied' });
    }
    setOpen(action);
  }

  const category = categories?.find((k) => k.code === (chosenCategory ?? c.categoryCode));
  const responsibleName = departments?.find((d) => d.code === category?.responsibility.organisationCode)?.name ?? category?.responsibility.organisationCode;
  const suggestionName = c.suggestion ? categories?.find((k) => k.code === c.suggestion!.categoryCode)?.name ?? c.suggestion.categoryCode : null;
  const titles: Record<CaseAction, string> = {
    dispatch: t('cases.queue.dispatchTitle', { number: c.number }),
    callback: t('cases.queue.callbackTitle', { number: c.number }),
    close: t('cases.queue.closeConfirm', { number: c.number }),
    reopen: t('cases.queue.reopenConfirm', { number: c.number }),
    sign: `${t('cases.action.sign')} ${c.number}`,
    handle: t('cases.inbox.handleTitle', { number: c.number }),
    reply: t('cases.inbox.replyTitle', { number: c.number }),
    return: t('cases.inbox.returnTitle', { number: c.number }),
  };

  if (actions.length === 0) {
    return null;
  }
  return (
    <>
      <Space size={4} wrap>
        {actions.map((action) => (
          <Button key={action} size={size} type={action === 'return' || action === 'reopen' ? 'default' : 'primary'} danger={action === 'return'} onClick={() => start(action)} data-testid={`case-action-${action}`}>
            {t(`cases.action.${action}`)}
          </Button>
        ))}
      </Space>
      <Modal open={open !== null} title={open ? titles[open] : ''} onCancel={() => setOpen(null)} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden data-testid="case-action-dialog">
        <Form form={form} layout="vertical" onFinish={(values) => void run(open!, values)} preserve={false}>
          {open === 'dispatch' && (
            <>
              {suggestionName && c.categoryCode === null && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.queue.useSuggestion', { name: suggestionName })} />}
              <Form.Item name="categoryCode" label={t('cases.field.category')} rules={[{ required: true, message: t('cases.queue.categoryRequired') }]}>
                <Select showSearch optionFilterProp="label" options={categoryOptions(categories)} data-testid="dispatch-category" />
              </Form.Item>
              <Form.Item name="organisationCode" label={t('cases.queue.dispatchOrg')} extra={category ? t('cases.queue.dispatchHint', { organisation: responsibleName ?? '' }) : undefined}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('cases.queue.byResponsibility')}
                  options={(departments ?? []).map((d) => ({ value: d.code, label: d.name }))}
                  data-testid="dispatch-organisation"
                />
              </Form.Item>
              <Form.Item name="urgency" label={t('cases.field.urgency')}>
                <Radio.Group optionType="button" options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} />
              </Form.Item>
            </>
          )}
          {open === 'callback' && (
            <Form.Item name="satisfaction" label={t('cases.field.satisfaction')} rules={[{ required: true }]}>
              <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: t(`cases.satisfaction.${s}`) }))} data-testid="callback-satisfaction" />
            </Form.Item>
          )}
          {open === 'return' ? (
            <Form.Item name="reason" label={t('cases.field.comment')} rules={[{ required: true, whitespace: true, min: 2, message: t('cases.inbox.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="case-action-reason" />
            </Form.Item>
          ) : (
            open !== null && (
              <Form.Item
                name="comment"
                label={t('cases.field.comment')}
                rules={open === 'handle' || open === 'reply' ? [{ required: true, whitespace: true, message: t('cases.inbox.replyRequired') }] : []}
              >
                <Input.TextArea rows={3} maxLength={2000} data-testid="case-action-comment" />
              </Form.Item>
            )
          )}
        </Form>
      </Modal>
    </>
  );
}

import { Alert, App, Button, Card, Flex, Form, Input, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ATTRIBUTES, catalogApi, GRADES, UPDATE_CYCLES, type Grade, type ResourceContent, type ResourceField } from '../../api/catalog';
import { useMe } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useT } from '../../i18n';
import { FieldsEditor } from './FieldsEditor';
import { cycleLabel, gradeLabel, openLabel, shareLabel, writeErrorMessage } from './labels';

type FormValues = Omit<ResourceContent, 'shareCondition' | 'openCondition'> & { shareCondition?: string; openCondition?: string; note?: string };

const blank: FormValues = {
  name: '',
  description: '',
  category: '',
  fields: [{ name: '', label: '', type: 'string', description: '', sensitivity: 'general' }],
  updateCycle: 'monthly',
  shareAttribute: 'unconditional',
  openAttribute: 'none',
  grade: 'general',
  tags: [],
};

const rank = (grade: Grade) => GRADES.indexOf(grade);

/** The lowest grade the fields allow (the most sensitive field's). */
function minimumGrade(fields: Array<Partial<ResourceField> | undefined> | undefined): Grade {
  let highest: Grade = 'general';
  for (const field of fields ?? []) {
    if (field?.sensitivity && rank(field.sensitivity) > rank(highest)) {
      highest = field.sensitivity;
    }
  }
  return highest;
}

/** Creates (`/catalog/new`) or edits (`/catalog/:id/edit`) a resource; an edit is based on the version it loaded. */
export default function ResourceEditPage() {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const existing = useApiQuery((signal) => (id === undefined ? Promise.resolve(undefined) : catalogApi.get(id, signal)), [id]);
  const fields = Form.useWatch('fields', form);
  const share = Form.useWatch('shareAttribute', form);
  const open = Form.useWatch('openAttribute', form);
  const minimum = minimumGrade(fields);

  const initial = useMemo<FormValues | undefined>(() => {
    if (id === undefined) {
      return blank;
    }
    const r = existing.data;
    return r === undefined ? undefined : { ...r, shareCondition: r.shareCondition ?? '', openCondition: r.openCondition ?? '' };
  }, [id, existing.data]);
  useEffect(() => {
    if (initial !== undefined) {
      form.setFieldsValue(initial);
    }
  }, [form, initial]);

  if (existing.error !== null) {
    return <ErrorState error={existing.error} onRetry={existing.reload} />;
  }
  if (initial === undefined) {
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }

  const submit = async (values: FormValues) => {
    setSaving(true);
    setFailure(null);
    const { note, shareCondition, openCondition, ...rest } = values;
    const content: ResourceContent = {
      ...rest,
      fields: rest.fields.map((f) => ({ ...f, description: f.description ?? '' })),
      description: rest.description ?? '',
      category: rest.category ?? '',
      shareCondition: rest.shareAttribute === 'unconditional' || !shareCondition?.trim() ? null : shareCondition.trim(),
      openCondition: rest.openAttribute === 'unconditional' || !openCondition?.trim() ? null : openCondition.trim(),
    };
    const withNote = note?.trim() ? { note: note.trim() } : {};
    try {
      const saved =
        existing.data === undefined
          ? await catalogApi.create({ ...content, ...withNote })
          : await catalogApi.update(existing.data.id, { ...content, ...withNote, version: existing.data.version });
      void message.success(t('catalog.saved', { version: saved.version }));
      void navigate(`/catalog/${saved.id}`);
    } catch (error) {
      setFailure(writeErrorMessage(t, error));
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => ({ required: true, whitespace: true, message: t('catalog.form.required', { label }) });
  const conditionLabel = (attribute: 'share' | 'open', value: string | undefined) =>
    value === 'none' ? t(attribute === 'share' ? 'catalog.shareBasis' : 'catalog.openBasis') : t(attribute === 'share' ? 'catalog.shareCondition' : 'catalog.openCondition');

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="catalog-edit-form" scrollToFirstError>
      <Flex vertical gap={16}>
        <PageTitle>{existing.data === undefined ? t('catalog.form.createTitle') : `${t('catalog.form.editTitle')} · ${existing.data.name}`}</PageTitle>
        {existing.data === undefined && me.organisation !== null && (
          <Alert type="info" showIcon title={t('catalog.form.ownerHint', { owner: me.organisation.name })} />
        )}
        {failure !== null && <Alert type="error" showIcon title={failure} data-testid="catalog-edit-error" />}
        <Card title={t('catalog.form.basics')}>
          <Form.Item name="name" label={t('catalog.name')} rules={[required(t('catalog.name'))]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="category" label={t('catalog.category')} extra={t('catalog.categoryHint')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('catalog.description')}>
            <Input.TextArea rows={3} maxLength={4000} showCount />
          </Form.Item>
          <Space size={24} wrap align="start">
            <Form.Item name="updateCycle" label={t('catalog.updateCycle')} style={{ minWidth: 180 }}>
              <Select options={UPDATE_CYCLES.map((c) => ({ value: c, label: cycleLabel(t, c) }))} />
            </Form.Item>
            <Form.Item name="tags" label={t('catalog.tags')} style={{ minWidth: 360 }}>
              <Select mode="tags" maxCount={30} tokenSeparators={[',', '，', ' ']} />
            </Form.Item>
          </Space>
        </Card>
        <Card title={t('catalog.form.attributes')}>
          <Form.Item name="shareAttribute" label={t('catalog.shareAttribute')}>
            <Radio.Group optionType="button" options={ATTRIBUTES.map((a) => ({ value: a, label: shareLabel(t, a) }))} />
          </Form.Item>
          {share !== 'unconditional' && (
            <Form.Item name="shareCondition" label={conditionLabel('share', share)} rules={share === 'conditional' ? [required(t('catalog.shareCondition'))] : []}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
          <Form.Item name="openAttribute" label={t('catalog.openAttribute')}>
            <Radio.Group optionType="button" options={ATTRIBUTES.map((a) => ({ value: a, label: openLabel(t, a) }))} />
          </Form.Item>
          {open !== 'unconditional' && (
            <Form.Item name="openCondition" label={conditionLabel('open', open)} rules={open === 'conditional' ? [required(t('catalog.openCondition'))] : []}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
          <Form.Item
            name="grade"
            label={t('catalog.grade')}
            extra={t('catalog.form.gradeHint', { grade: gradeLabel(t, minimum) })}
            dependencies={['fields']}
            rules={[
              {
                validator: async (_, grade: Grade) => {
                  if (rank(grade) < rank(minimum)) {
                    throw new Error(t('catalog.error.gradeTooLow'));
                  }
                },
              },
            ]}
          >
            <Radio.Group optionType="button" buttonStyle="solid" options={GRADES.map((g) => ({ value: g, label: gradeLabel(t, g) }))} />
          </Form.Item>
        </Card>
        <Card title={t('catalog.fields')}>
          <FieldsEditor t={t} />
        </Card>
        <Card>
          <Form.Item name="note" label={t('catalog.note')} style={{ marginBottom: 16 }}>
            <Input maxLength={500} placeholder={t('catalog.notePlaceholder')} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('catalog.save')}
            </Button>
            <Link to={existing.data === undefined ? '/catalog' : `/catalog/${existing.data.id}`}>
              <Button>{t('catalog.cancel')}</Button>
            </Link>
            {existing.data !== undefined && (
              <Typography.Text type="secondary">{t('catalog.versionNumber', { version: existing.data.version })}</Typography.Text>
            )}
          </Space>
        </Card>
      </Flex>
    </Form>
  );
}

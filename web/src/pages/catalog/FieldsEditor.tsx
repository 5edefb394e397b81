import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table } from 'antd';
import { FIELD_TYPES, GRADES, type ResourceField } from '../../api/catalog';
import type { Translate } from '../../i18n';
import { fieldTypeLabel, gradeLabel } from './labels';

const emptyField: ResourceField = { name: '', label: '', type: 'string', description: '', sensitivity: 'general' };

/** The resource's fields as an editable table, bound to the form's `fields` list. */
export function FieldsEditor({ t }: { t: Translate }) {
  return (
    <Form.List
      name="fields"
      rules={[
        {
          validator: async (_, fields: ResourceField[] | undefined) => {
            if (!fields || fields.length === 0) {
              throw new Error(t('catalog.form.fieldsRequired'));
            }
          },
        },
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows}
            data-testid="catalog-fields-editor"
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('catalog.field.label'),
                width: 180,
                render: (_, row) => (
                  <Form.Item name={[row.name, 'label']} rules={[{ required: true, whitespace: true, message: t('catalog.form.required', { label: t('catalog.field.label') }) }]} noStyle={false} style={{ margin: 0 }}>
                    <Input maxLength={100} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.field.name'),
                width: 180,
                render: (_, row) => (
                  <Form.Item
                    name={[row.name, 'name']}
                    style={{ margin: 0 }}
                    rules={[
                      { required: true, message: t('catalog.form.required', { label: t('catalog.field.name') }) },
                      { pattern: /^[A-Za-z][A-Za-z0-9_]{0,62}$/, message: t('catalog.field.namePattern') },
                      ({ getFieldValue }) => ({
                        validator: async (_rule, value: string | undefined) => {
                          const all = (getFieldValue('fields') as ResourceField[] | undefined) ?? [];
                          const same = all.filter((f) => value && f?.name?.toLowerCase() === value.toLowerCase());
                          if (same.length > 1) {
                            throw new Error(t('catalog.field.duplicate'));
                          }
                        },
                      }),
                    ]}
                  >
                    <Input className="yw-mono" maxLength={63} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.field.type'),
                width: 130,
                render: (_, row) => (
                  <Form.Item name={[row.name, 'type']} style={{ margin: 0 }}>
                    <Select options={FIELD_TYPES.map((type) => ({ value: type, label: fieldTypeLabel(t, type) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.field.sensitivity'),
                width: 110,
                render: (_, row) => (
                  <Form.Item name={[row.name, 'sensitivity']} style={{ margin: 0 }}>
                    <Select options={GRADES.map((grade) => ({ value: grade, label: gradeLabel(t, grade) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.field.description'),
                render: (_, row) => (
                  <Form.Item name={[row.name, 'description']} style={{ margin: 0 }}>
                    <Input maxLength={500} />
                  </Form.Item>
                ),
              },
              {
                width: 56,
                render: (_, row) => (
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('catalog.field.remove')} onClick={() => remove(row.name)} />
                ),
              },
            ]}
          />
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ...emptyField })} style={{ marginTop: 12 }}>
            {t('catalog.field.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

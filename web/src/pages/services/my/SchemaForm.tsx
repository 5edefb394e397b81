import { Checkbox, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Translate } from '../../../i18n';
import type { FieldSchema, FormSchema } from '../applications-api';

/** Identity fields: the server always fills them from the verified applicant, so they are shown, not edited. */
const VERIFIED_FIELDS = new Set(['applicantName', 'idNumber', 'entityName', 'creditCode', 'legalRepresentative']);

function rulesOf(t: Translate, field: FieldSchema, required: boolean): Rule[] {
  const label = field.title ?? '';
  const rules: Rule[] = [];
  if (required) {
    rules.push(field.type === 'array' ? { required: true, type: 'array', min: Math.max(1, field.minItems ?? 1), message: t('services.form.pickOne', { label }) } : { required: true, message: t('services.form.required', { label }) });
  }
  if (field.type === 'string' || field.type === undefined) {
    if (field.pattern !== undefined) {
      rules.push({ pattern: new RegExp(field.pattern), message: t('services.form.pattern', { label }) });
    }
    if (field.minLength !== undefined) {
      rules.push({ min: field.minLength, message: t('services.form.minLength', { label, min: field.minLength }) });
    }
    if (field.maxLength !== undefined) {
      rules.push({ max: field.maxLength, message: t('services.form.maxLength', { label, max: field.maxLength }) });
    }
  }
  return rules;
}

function widgetOf(t: Translate, field: FieldSchema, locked: boolean) {
  switch (field.type) {
    case 'boolean':
      return <Switch />;
    case 'integer':
    case 'number':
      return <InputNumber style={{ width: '100%' }} min={field.minimum} max={field.maximum} precision={field.type === 'integer' ? 0 : undefined} />;
    case 'array':
      return <Checkbox.Group className="yw-apply-checks" options={(field.items?.enum ?? []).map((value) => ({ value, label: value }))} />;
    default:
      if (field.enum !== undefined) {
        return <Select placeholder={t('services.form.choose')} options={field.enum.map((value) => ({ value, label: value }))} />;
      }
      if (field.format === 'date') {
        return <Input type="date" />;
      }
      if ((field.maxLength ?? 0) > 200) {
        return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={field.maxLength} showCount />;
      }
      return <Input disabled={locked} maxLength={field.maxLength} />;
  }
}

/**
 * The fields of an item's application form from its JSON Schema (draft-07 subset the items
 * use: string with enum / date / pattern / length, integer and number with bounds, boolean,
 * arrays of enumerated strings). Values live in the surrounding antd `Form`; the server
 * validates the same schema again. `requiredFirst`: order by the `required` list (for schemas whose
 * property order was lost in storage), the optional fields after.
 */
export function SchemaFields({ schema, prefilled, t, requiredFirst = false }: { schema: FormSchema; prefilled: Record<string, string>; t: Translate; requiredFirst?: boolean }) {
  const required = new Set(schema.required ?? []);
  let entries = Object.entries(schema.properties ?? {});
  if (requiredFirst) {
    // A schema stored as jsonb comes back with its keys reordered; `required` (an array) keeps the author's order.
    const order = schema.required ?? [];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    entries = entries.map((entry, index) => ({ entry, index })).sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.index - b.index).map(({ entry }) => entry);
  }
  return (
    <>
      {entries.map(([name, field]) => {
        const locked = VERIFIED_FIELDS.has(name) && prefilled[name] !== undefined;
        return (
          <Form.Item
            key={name}
            name={name}
            label={field.title ?? name}
            rules={rulesOf(t, field, required.has(name))}
            valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
            extra={locked ? t('services.form.verified') : field.description}
            data-testid={`field-${name}`}
          >
            {widgetOf(t, field, locked)}
          </Form.Item>
        );
      })}
    </>
  );
}

/** The form's values as the schema wants them: empty strings and empty optional arrays left out. */
export function cleanFormValues(schema: FormSchema, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties ?? {})) {
    const value = values[name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) {
      continue;
    }
    out[name] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

import { Checkbox, Col, Form, Input, Row, Select } from 'antd';
import type { Vocabulary } from '../../../api/opendata';
import type { Translate } from '../../../i18n';
import type { Metadata } from './api';

export const FORMATS = ['CSV', 'JSON', 'XLSX', 'API'] as const;

/** The form's values: optional texts are '' or undefined until sent. */
export type MetadataValues = Omit<Metadata, 'temporalStart' | 'temporalEnd' | 'contactEmail' | 'contactPhone' | 'spatialCode'> & {
  spatialCode?: string;
  temporalStart?: string;
  temporalEnd?: string;
  contactEmail?: string;
  contactPhone?: string;
  note?: string;
};

const blank = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : text.trim());

/** The values as the API takes them: empty optional texts become null, no spatial code means the owner's division. */
export function metadataBody(values: MetadataValues): Partial<Metadata> & { note?: string } {
  const { spatialCode, temporalStart, temporalEnd, contactEmail, contactPhone, note, ...rest } = values;
  return {
    ...rest,
    tags: rest.tags ?? [],
    description: rest.description ?? '',
    ...(blank(spatialCode) === null ? {} : { spatialCode: spatialCode!.trim() }),
    temporalStart: blank(temporalStart),
    temporalEnd: blank(temporalEnd),
    contactEmail: blank(contactEmail),
    contactPhone: blank(contactPhone),
    ...(blank(note) === null ? {} : { note: note!.trim() }),
  };
}

/** What a dataset's publisher states: title, description, tags, theme, licence, promise, coverage, contact, formats. */
export function MetadataFields({ t, vocabulary }: { t: Translate; vocabulary: Vocabulary | undefined }) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="title" label={t('opendata.console.field.title')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="console-title" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="tags" label={t('opendata.console.field.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} maxCount={30} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="description" label={t('opendata.console.field.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="theme" label={t('opendata.facet.theme')} rules={[{ required: true }]}>
          <Select options={(vocabulary?.themes ?? []).map((v) => ({ value: v.code, label: v.name }))} data-testid="console-theme" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="licence" label={t('opendata.facet.licence')} rules={[{ required: true }]}>
          <Select options={(vocabulary?.licences ?? []).map((v) => ({ value: v.id, label: v.title }))} popupMatchSelectWidth={false} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="frequency" label={t('opendata.facet.frequency')} rules={[{ required: true }]}>
          <Select options={(vocabulary?.frequencies ?? []).map((v) => ({ value: v.code, label: v.name }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="spatialCode" label={t('opendata.console.field.spatial')} tooltip={t('opendata.console.field.spatialHint')} rules={[{ pattern: /^[0-9]{6}([0-9]{3})?$/, message: t('opendata.console.field.spatialInvalid') }]}>
          <Input placeholder="420700" maxLength={9} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name="temporalStart" label={t('opendata.console.field.temporalStart')}>
          <Input type="date" />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item
          name="temporalEnd"
          label={t('opendata.console.field.temporalEnd')}
          dependencies={['temporalStart']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const start = getFieldValue('temporalStart') as string | undefined;
                return !value || !start || value >= start ? Promise.resolve() : Promise.reject(new Error(t('opendata.console.field.temporalInvalid')));
              },
            }),
          ]}
        >
          <Input type="date" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="contactName" label={t('opendata.console.field.contactName')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="console-contact-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="contactPhone" label={t('opendata.console.field.contactPhone')} rules={[{ pattern: /^[0-9+() -]{5,30}$/, message: t('opendata.console.field.phoneInvalid') }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="contactEmail" label={t('opendata.console.field.contactEmail')} rules={[{ type: 'email', max: 200 }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="formats" label={t('opendata.console.field.formats')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={FORMATS.map((f) => ({ value: f, label: f }))} />
        </Form.Item>
      </Col>
    </Row>
  );
}

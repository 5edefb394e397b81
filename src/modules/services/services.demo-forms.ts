/**
 * Application forms of the demo items: the applicant's own fields (a person or an
 * enterprise) followed by the item's fields, as a JSON Schema (draft-07).
 */

type Property = Record<string, unknown>;

/** How the demo file states a form: who applies, the item's fields and which are required. */
export interface FormSpec {
  applicant: 'person' | 'enterprise';
  fields: Record<string, Property>;
  required: string[];
}

const ID_NUMBER = '^[0-9]{17}[0-9X]$';
const CREDIT_CODE = '^[0-9A-HJ-NPQRTUWXY]{18}$';
const MOBILE = '^1[3-9][0-9]{9}$';

const APPLICANT: Record<FormSpec['applicant'], { properties: Record<string, Property>; required: string[] }> = {
  person: {
    properties: {
      applicantName: { type: 'string', title: '申请人姓名', minLength: 2, maxLength: 50 },
      idNumber: { type: 'string', title: '公民身份号码', pattern: ID_NUMBER },
      phone: { type: 'string', title: '联系电话', pattern: MOBILE },
      address: { type: 'string', title: '联系地址', maxLength: 200 },
    },
    required: ['applicantName', 'idNumber', 'phone'],
  },
  enterprise: {
    properties: {
      entityName: { type: 'string', title: '单位名称', minLength: 2, maxLength: 100 },
      creditCode: { type: 'string', title: '统一社会信用代码', pattern: CREDIT_CODE },
      legalRepresentative: { type: 'string', title: '法定代表人', maxLength: 50 },
      agentName: { type: 'string', title: '经办人姓名', minLength: 2, maxLength: 50 },
      agentIdNumber: { type: 'string', title: '经办人公民身份号码', pattern: ID_NUMBER },
      phone: { type: 'string', title: '联系电话', pattern: MOBILE },
      address: { type: 'string', title: '联系地址', maxLength: 200 },
    },
    required: ['entityName', 'creditCode', 'agentName', 'agentIdNumber', 'phone'],
  },
};

/** The form schema of the item `name` from its spec. */
export function demoFormSchema(name: string, spec: FormSpec): Record<string, unknown> {
  const applicant = APPLICANT[spec.applicant];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${name}申请表`,
    type: 'object',
    properties: { ...applicant.properties, ...spec.fields },
    required: [...new Set([...applicant.required, ...spec.required])],
    additionalProperties: false,
  };
}

import type { ResourceDefinition } from '../catalog/index.js';

/** Catalog codes of the two registries: the exchange module grants access to these. */
export const REGISTRY_RESOURCE_CODES = {
  persons: '420700-gaj-registry-persons',
  entities: '420700-scjgj-registry-entities',
} as const;

const field = (name: string, label: string, type: 'string' | 'number' | 'date' | 'datetime', sensitivity: 'general' | 'important', description = '') => ({
  name,
  label,
  type,
  description,
  sensitivity,
});

/** The registries as the demo city's catalog lists them, owned by the police and market regulation bureaus. */
export const REGISTRY_RESOURCES: readonly ResourceDefinition[] = [
  {
    code: REGISTRY_RESOURCE_CODES.persons,
    ownerCode: 'ezhou-gaj',
    name: '人口基础信息',
    description: '人口基础库：全市户籍人口的公民身份号码、姓名、性别、出生日期、民族、户籍地、住址、联系电话和人员状态。公民身份号码和联系电话加密存储，经共享交换平台按授权字段、脱敏规则提供。',
    category: '基础信息资源/人口',
    updateCycle: 'daily',
    shareAttribute: 'conditional',
    shareCondition: '仅限依法履行政务服务、社会保障、社会救助职责的部门，经申请授权后通过共享交换平台调用；身份核验优先，明文字段须经鄂州市公安局批准。',
    openAttribute: 'none',
    openCondition: '涉及个人信息，不予开放（《个人信息保护法》）。',
    grade: 'important',
    tags: ['人口', '基础库', '身份核验'],
    fields: [
      field('id_number', '公民身份号码', 'string', 'important', 'GB 11643，18 位；SM4 加密存储'),
      field('name', '姓名', 'string', 'important'),
      field('sex', '性别', 'string', 'general', 'male / female，与公民身份号码顺序码奇偶一致'),
      field('birth_date', '出生日期', 'date', 'important', '与公民身份号码一致'),
      field('ethnicity', '民族', 'string', 'general', 'GB/T 3304 名称'),
      field('household_division', '户籍地', 'string', 'general', '乡镇（街道）级统计用区划代码，9 位'),
      field('address', '住址', 'string', 'important'),
      field('phone', '联系电话', 'string', 'important', 'SM4 加密存储'),
      field('status', '人员状态', 'string', 'general', '正常 / 迁出 / 死亡'),
      field('updated_at', '更新时间', 'datetime', 'general'),
    ],
  },
  {
    code: REGISTRY_RESOURCE_CODES.entities,
    ownerCode: 'ezhou-scjgj',
    name: '法人基础信息',
    description: '法人基础库：全市企业、个体工商户、农民专业合作社及机关、事业单位、社会团体的统一社会信用代码、名称、类型、法定代表人、注册资本、成立日期、所在区划、住所和登记状态。',
    category: '基础信息资源/法人',
    updateCycle: 'daily',
    shareAttribute: 'conditional',
    shareCondition: '登记信息经申请即可共享；法定代表人公民身份号码仅以核验方式提供。',
    openAttribute: 'none',
    openCondition: '营业执照登记事项另由市场主体登记公示信息（420700-scjgj-000001）开放；本资源含法定代表人身份信息，不予开放。',
    grade: 'important',
    tags: ['法人', '市场主体', '基础库'],
    fields: [
      field('credit_code', '统一社会信用代码', 'string', 'general', 'GB 32100，18 位'),
      field('name', '名称', 'string', 'general'),
      field('type', '类型', 'string', 'general', '统一社会信用代码中的机构类别'),
      field('legal_rep_name', '法定代表人', 'string', 'general'),
      field('legal_rep_id_number', '法定代表人公民身份号码', 'string', 'important', 'SM4 加密存储'),
      field('registered_capital', '注册资本（万元）', 'number', 'general'),
      field('established_on', '成立日期', 'date', 'general'),
      field('division_code', '所在区划', 'string', 'general'),
      field('address', '住所', 'string', 'general'),
      field('status', '登记状态', 'string', 'general', '存续 / 在业 / 吊销 / 注销'),
      field('updated_at', '更新时间', 'datetime', 'general'),
    ],
  },
];

import type { ImportKind } from '../registry.tables.js';

interface ColumnSpec {
  required?: boolean;
  /** Header names accepted for the column, Chinese first; compared after {@link normaliseHeader}. */
  names: readonly string[];
}

/** The documented CSV columns of each import, by the key the validators read. */
export const IMPORT_COLUMNS = {
  persons: {
    idNumber: { required: true, names: ['公民身份号码', '身份证号码', '身份证号', 'id_number'] },
    name: { required: true, names: ['姓名', 'name'] },
    sex: { names: ['性别', 'sex'] },
    birthDate: { names: ['出生日期', 'birth_date'] },
    ethnicity: { names: ['民族', 'ethnicity'] },
    householdDivision: { required: true, names: ['户籍地', '户籍地区划代码', '户籍地代码', 'household_division'] },
    address: { names: ['住址', '户籍地址', '地址', 'address'] },
    phone: { names: ['联系电话', '手机号码', '电话', 'phone'] },
    status: { names: ['人员状态', '状态', 'status'] },
  },
  entities: {
    creditCode: { required: true, names: ['统一社会信用代码', 'credit_code'] },
    name: { required: true, names: ['名称', '单位名称', '企业名称', 'name'] },
    type: { names: ['类型', '主体类型', '市场主体类型', 'type'] },
    legalRepName: { names: ['法定代表人', '法定代表人姓名', '负责人', 'legal_rep_name'] },
    legalRepIdNumber: { names: ['法定代表人身份证号码', '法定代表人身份证号', 'legal_rep_id_number'] },
    registeredCapital: { names: ['注册资本（万元）', '注册资本', 'registered_capital'] },
    establishedOn: { names: ['成立日期', 'established_on'] },
    divisionCode: { required: true, names: ['所在区划', '区划代码', '行政区划代码', 'division_code'] },
    address: { names: ['住所', '地址', 'address'] },
    status: { names: ['登记状态', '经营状态', '状态', 'status'] },
  },
} as const satisfies Record<ImportKind, Record<string, ColumnSpec>>;

export type PersonColumn = keyof (typeof IMPORT_COLUMNS)['persons'];
export type EntityColumn = keyof (typeof IMPORT_COLUMNS)['entities'];

/** Case, spaces, underscores, hyphens and full-width brackets do not matter in headers. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s_-]/g, '');
}

export interface HeaderMapping<K extends string> {
  /** Field index of each known column present in the file. */
  index: Partial<Record<K, number>>;
  /** Header cells that matched no documented column (ignored). */
  ignored: string[];
  width: number;
}

/** Maps a header row; the problems name missing required columns and duplicated ones. */
export function mapHeader<K extends string>(kind: ImportKind, header: readonly string[]): { mapping: HeaderMapping<K>; problems: string[] } {
  const specs = IMPORT_COLUMNS[kind] as Record<string, ColumnSpec>;
  const lookup = new Map<string, string>();
  for (const [key, spec] of Object.entries(specs)) {
    for (const name of spec.names) {
      lookup.set(normaliseHeader(name), key);
    }
  }
  const index: Record<string, number> = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  header.forEach((cell, i) => {
    const key = lookup.get(normaliseHeader(cell));
    if (key === undefined) {
      ignored.push(cell);
    } else if (key in index) {
      problems.push(`列“${cell}”与第 ${(index[key] as number) + 1} 列重复`);
    } else {
      index[key] = i;
    }
  });
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.required && !(key in index)) {
      problems.push(`缺少必需的列“${spec.names[0]}”（或 ${spec.names.slice(1).join('、')}）`);
    }
  }
  return { mapping: { index: index as Partial<Record<K, number>>, ignored, width: header.length }, problems };
}

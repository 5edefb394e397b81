/**
 * Datasets, distributions, departments and themes as CKAN dictizes packages, resources,
 * organizations and groups: the field names and value kinds CKAN 2.10 clients read.
 */
import type { Dataset, Distribution } from '../dataset.repository.js';
import { XLSX_TYPE } from '../opendata.xlsx.js';
import { FREQUENCY_IRIS, freshness, licenceOf, themeOf, THEMES } from '../opendata.model.js';

/** CKAN's timestamps: UTC without a zone designator, e.g. 2026-12-05T08:30:00.000. */
export const ckanTime = (at: Date) => at.toISOString().replace(/Z$/, '');

/** Where the portal serves a dataset's files, page and rows. */
export function urlsOf(base: string, dataset: Pick<Dataset, 'name' | 'access'>) {
  const files = dataset.access === 'conditional' ? `${base}/api/v1/opendata/granted/${dataset.name}` : `${base}/api/v1/opendata/datasets/${dataset.name}`;
  return {
    page: `${base}/opendata/datasets/${dataset.name}`,
    CSV: `${files}/data.csv`,
    JSON: `${files}/data.json`,
    XLSX: `${files}/data.xlsx`,
    API: `${files}/rows`,
  };
}

const MIMETYPES = { CSV: 'text/csv', JSON: 'application/json', XLSX: XLSX_TYPE, API: 'application/json' } as const;
const RESOURCE_NAMES = { CSV: 'CSV 文件', JSON: 'JSON 文件', XLSX: 'Excel 文件（XLSX）', API: '数据接口（API）' } as const;

export function resourceDict(base: string, dataset: Dataset, distribution: Distribution) {
  const urls = urlsOf(base, dataset);
  const restricted = dataset.access === 'conditional' ? '（有条件开放：须申请获批后凭 API 密钥访问）' : '';
  return {
    id: distribution.id,
    package_id: dataset.id,
    name: `${dataset.title} · ${RESOURCE_NAMES[distribution.format]}`,
    description: `${distribution.format === 'API' ? '按 offset、limit 分页返回数据行。' : '全部数据行，仅含开放字段。'}${restricted}`,
    format: distribution.format,
    mimetype: MIMETYPES[distribution.format],
    url: urls[distribution.format],
    url_type: null,
    size: null,
    hash: '',
    position: distribution.position,
    state: 'active',
    created: ckanTime(distribution.createdAt),
    last_modified: ckanTime(dataset.dataUpdatedAt),
    metadata_modified: ckanTime(distribution.modifiedAt),
    datastore_active: false,
  };
}

export function organizationDict(owner: { id: string; code: string; name: string; createdAt?: Date }, packageCount?: number) {
  return {
    id: owner.id,
    name: owner.code,
    title: owner.name,
    display_name: owner.name,
    description: '',
    image_url: '',
    image_display_url: '',
    created: owner.createdAt ? ckanTime(owner.createdAt) : null,
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    type: 'organization',
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

export function groupDict(code: string, packageCount?: number) {
  const theme = themeOf(code);
  return {
    id: code,
    name: code,
    title: theme?.name ?? code,
    display_name: theme?.name ?? code,
    description: theme ? `数据领域：${theme.name}` : '',
    image_url: '',
    image_display_url: '',
    created: null,
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    type: 'group',
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

export const allGroups = () => THEMES.map((t) => t.code);

/** A package dict; yiwang's own facts (promise, coverage, freshness, use) travel as CKAN extras. */
export function packageDict(base: string, dataset: Dataset, distributions: readonly Distribution[], now: Date) {
  const licence = licenceOf(dataset.licence);
  const fresh = freshness(dataset.dueAt, now);
  const extras: Array<{ key: string; value: string }> = [
    { key: 'frequency', value: FREQUENCY_IRIS[dataset.frequency] },
    { key: 'update_frequency', value: dataset.frequency },
    { key: 'spatial_code', value: dataset.spatial.code },
    { key: 'spatial_name', value: dataset.spatial.name },
    { key: 'temporal_start', value: dataset.temporal.start ?? '' },
    { key: 'temporal_end', value: dataset.temporal.end ?? '' },
    { key: 'access', value: dataset.access },
    { key: 'access_condition', value: dataset.accessCondition ?? '' },
    { key: 'contact_phone', value: dataset.contact.phone ?? '' },
    { key: 'data_updated_at', value: ckanTime(dataset.dataUpdatedAt) },
    { key: 'due_at', value: ckanTime(dataset.dueAt) },
    { key: 'overdue', value: String(fresh.overdue) },
    { key: 'row_count', value: String(dataset.rowCount) },
    { key: 'downloads', value: String(dataset.downloads) },
    { key: 'api_calls', value: String(dataset.apiCalls) },
  ];
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.title,
    notes: dataset.description,
    url: urlsOf(base, dataset).page,
    version: null,
    type: 'dataset',
    state: dataset.status === 'published' ? 'active' : 'deleted',
    private: false,
    isopen: dataset.access === 'unconditional',
    author: dataset.owner.name,
    author_email: null,
    maintainer: dataset.contact.name,
    maintainer_email: dataset.contact.email,
    license_id: dataset.licence,
    license_title: licence?.title ?? dataset.licence,
    license_url: licence?.url ?? null,
    metadata_created: ckanTime(dataset.createdAt),
    metadata_modified: ckanTime(dataset.modifiedAt),
    creator_user_id: null,
    owner_org: dataset.owner.id,
    organization: organizationDict(dataset.owner),
    groups: [groupDict(dataset.theme)],
    num_tags: dataset.tags.length,
    tags: dataset.tags.map((name) => ({ name, display_name: name, state: 'active', vocabulary_id: null })),
    num_resources: distributions.length,
    resources: distributions.map((d) => resourceDict(base, dataset, d)),
    extras,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

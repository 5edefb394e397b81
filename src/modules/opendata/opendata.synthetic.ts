/**
 * Synthetic published datasets, written straight into the module's tables in batches:
 * for load tests (bench/opendata-search) and for trying the portal at province scale. They
 * are not published from catalog resources, carry no rows and leave no audit records, so
 * they never belong in a real deployment.
 */
import { tablesOf, type Db } from '../../kernel/db/index.js';
import { datasetSearchVector } from './opendata.deps.js';
import { dueAt, FORMATS, FREQUENCIES, LICENCES, THEMES, type OpenField } from './opendata.model.js';
import type { OpendataTables } from './opendata.tables.js';

const PLACES = ['鄂州市', '鄂城区', '华容区', '梁子湖区', '葛店开发区', '临空经济区', '凤凰街道', '古楼街道', '西山街道', '华容镇', '太和镇', '东沟镇'];
const TOPICS = [
  '公交线路', '公共停车场', '医疗机构', '中小学校', '幼儿园', '旅游景区', '空气质量', '水质监测', '12345 热线', '市场主体登记', '食品经营许可', '行政处罚', '政务服务事项',
  '养老机构', '药品零售企业', '充电桩', '公共厕所', '应急避难场所', '体育场馆', '图书馆', '人才招聘', '职业培训', '农产品价格', '土地出让', '商品房预售', '建筑施工许可',
  '排污单位', '湖泊水位', '降水量', '交通流量', '路灯设施', '垃圾分类', '婚姻登记', '社会组织', '医保定点机构', '疫苗接种门诊', '税务服务厅', '纳税信用', '财政预算', '统计指标',
];
const SUFFIXES = ['名录', '信息', '统计', '月报', '年报', '分布', '公示', '目录', '明细', '日报'];
const OWNERS = [
  ['ezhou-jtysj', '鄂州市交通运输局'], ['ezhou-wjw', '鄂州市卫生健康委员会'], ['ezhou-jyj', '鄂州市教育局'], ['ezhou-wlj', '鄂州市文化和旅游局'], ['ezhou-sthjj', '鄂州市生态环境局'],
  ['ezhou-scjgj', '鄂州市市场监督管理局'], ['ezhou-zsj', '鄂州市政务服务和大数据管理局'], ['ezhou-mzj', '鄂州市民政局'], ['ezhou-rsj', '鄂州市人力资源和社会保障局'],
  ['ezhou-zrzyhghj', '鄂州市自然资源和规划局'], ['ezhou-zjj', '鄂州市住房和城乡建设局'], ['ezhou-slhhpj', '鄂州市水利和湖泊局'], ['ezhou-cgzfw', '鄂州市城市管理执法委员会'],
  ['ezhou-nyncj', '鄂州市农业农村局'], ['ezhou-swj', '国家税务总局鄂州市税务局'], ['ezhou-czj', '鄂州市财政局'], ['ezhou-tjj', '鄂州市统计局'], ['ezhou-yjglj', '鄂州市应急管理局'],
] as const;
const FIELDS: OpenField[] = [
  { name: 'name', label: '名称', type: 'string', description: '' },
  { name: 'address', label: '地址', type: 'string', description: '' },
  { name: 'updated', label: '更新日期', type: 'date', description: '' },
];

/** A deterministic UUID (version 4 layout) for synthetic row `i` of kind `k`. */
const uuid = (k: number, i: number) => `${k.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Inserts `count` synthetic published datasets (with CSV, JSON and API distributions); returns how many. */
export async function seedSyntheticDatasets(db: Db, count: number, now = new Date()): Promise<number> {
  const t = tablesOf<OpendataTables>(db);
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const datasets = [];
    const distributions = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const place = PLACES[i % PLACES.length]!;
      const topic = TOPICS[Math.floor(i / PLACES.length) % TOPICS.length]!;
      const suffix = SUFFIXES[Math.floor(i / (PLACES.length * TOPICS.length)) % SUFFIXES.length]!;
      const [ownerCode, ownerName] = OWNERS[i % OWNERS.length]!;
      const theme = THEMES[i % THEMES.length]!.code;
      const title = `${place}${topic}${suffix}（${1 + Math.floor(i / (PLACES.length * TOPICS.length * SUFFIXES.length))}）`;
      const tags = [topic.replace(/\s/g, ''), place];
      const description = `${ownerName}发布的${place}${topic}${suffix}，按期更新，可下载 CSV、JSON 或通过接口获取。`;
      const name = `synthetic-${String(i).padStart(6, '0')}`;
      const frequency = FREQUENCIES[i % FREQUENCIES.length]!;
      const updated = new Date(now.getTime() - (i % 400) * 86_400_000);
      const id = uuid(1, i);
      datasets.push({
        id,
        name,
        resource_id: uuid(2, i),
        resource_version: 1,
        title,
        description,
        tags,
        theme,
        licence: LICENCES[i % LICENCES.length]!.id,
        frequency,
        spatial_code: '420700',
        spatial_name: '鄂州市',
        temporal_start: null,
        temporal_end: null,
        contact_name: ownerName,
        contact_email: null,
        contact_phone: null,
        owner_id: uuid(3, i % OWNERS.length),
        owner_code: ownerCode,
        owner_name: ownerName,
        owner_division_code: '420700',
        access: i % 10 === 0 ? ('conditional' as const) : ('unconditional' as const),
        access_condition: i % 10 === 0 ? '须申请' : null,
        fields: JSON.stringify(FIELDS),
        formats: [...FORMATS],
        status: 'published' as const,
        row_count: 100 + (i % 900),
        downloads: i % 97,
        api_calls: i % 389,
        search_vector: datasetSearchVector({ title, tags, theme, fields: FIELDS, description, ownerName, spatialName: '鄂州市', name }),
        created_at: updated,
        modified_at: updated,
        data_updated_at: updated,
        due_at: dueAt(frequency, updated),
      });
      for (const [position, format] of FORMATS.entries()) {
        distributions.push({ id: uuid(4 + position, i), dataset_id: id, format, position, created_at: updated, modified_at: updated });
      }
    }
    await t.insertInto('opendata_dataset').values(datasets).onConflict((oc) => oc.column('name').doNothing()).execute();
    await t.insertInto('opendata_distribution').values(distributions).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  return count;
}

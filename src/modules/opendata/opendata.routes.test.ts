import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let datasetId: string;

const field = (name: string, label: string, type: 'string' | 'number' | 'integer' | 'boolean' | 'date', sensitivity: 'general' | 'important' = 'general') => ({ name, label, type, description: '', sensitivity });
const rows = [
  { hospital: '鄂州市中心医院', level: '三级甲等', beds: 1200, rating: 4.5, open24h: true, opened: '1952-10-01', phone: '0711-3200000' },
  { hospital: '华容区人民医院, 分院', level: '二级', beds: 300, rating: null, open24h: false, opened: '1978-05-04', phone: '0711-5200000' },
  { hospital: '“杜山”卫生院', level: null, beds: 40, rating: 3, open24h: false, opened: null, phone: '0711-5000000' },
];

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.org.seedDemo();
  await platform.catalog.seedDemo();
  await platform.catalog.ensureResource({
    code: 'test-open-hospitals',
    ownerCode: 'ezhou-scjgj',
    name: '测试医疗机构名录',
    updateCycle: 'monthly',
    shareAttribute: 'unconditional',
    openAttribute: 'unconditional',
    grade: 'general',
    tags: ['医疗'],
    fields: [
      field('hospital', '机构名称', 'string'),
      field('level', '等级', 'string'),
      field('beds', '床位数', 'integer'),
      field('rating', '评分', 'number'),
      field('open24h', '24 小时急诊', 'boolean'),
      field('opened', '开业日期', 'date'),
      field('phone', '值班电话', 'string'),
    ],
  });
  const market = (await platform.org.auth.userPrincipalByUsername('market.steward'))!;
  const dataset = await platform.opendata.publish.publish(market, { resource: 'test-open-hospitals', theme: 'health', licence: 'cc-by-4.0', contactName: '测试联系人', rows, fields: ['hospital', 'level', 'beds', 'rating', 'open24h', 'opened'] });
  datasetId = dataset.id;
  app = await platform.buildApp(false);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

/** RFC 4180 records of a CSV body (BOM dropped). */
function csvRecords(body: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const text = body.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return records;
}

const unescapeXml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const columnIndex = (ref: string) => [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** The first sheet of an XLSX file as rows of text (shared strings resolved, booleans as true/false, empty cells ''). */
function xlsxRecords(file: Buffer, width: number): string[][] {
  const files = unzipSync(new Uint8Array(file));
  const shared = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>)?<\/si>/g)].map((m) => unescapeXml(m[1] ?? ''));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  return [...sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const out = Array.from({ length: width }, () => '');
    for (const cell of row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(?:<v>([\s\S]*?)<\/v>|<is><t>([\s\S]*?)<\/t><\/is>)?<\/c>)/g)) {
      const [, ref, attributes, value, inline] = cell;
      const type = /t="(\w+)"/.exec(attributes!)?.[1];
      out[columnIndex(ref!)] =
        type === 's' ? shared[Number(value)]! : type === 'b' ? (value === '1' ? 'true' : 'false') : type === 'inlineStr' ? unescapeXml(inline ?? '') : unescapeXml(value ?? '');
    }
    return out;
  });
}

describe('XLSX distribution', () => {
  it('downloads a workbook of the same rows as the CSV, with the fields’ Chinese labels as its header', async () => {
    const detail = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-hospitals' })).json() as { fields: Array<{ name: string; label: string }>; distributions: Array<{ format: string; url: string }>; downloads: number };
    expect(detail.distributions.map((d) => d.format)).toEqual(['CSV', 'JSON', 'XLSX', 'API']);
    expect(detail.distributions.find((d) => d.format === 'XLSX')!.url).toMatch(/\/api\/v1\/opendata\/datasets\/test-open-hospitals\/data\.xlsx$/);

    const csv = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-hospitals/data.csv' });
    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-hospitals/data.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="test-open-hospitals.xlsx"');
    // A zip archive ("PK\3\4") holding a workbook.
    expect(xlsx.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(Object.keys(unzipSync(new Uint8Array(xlsx.rawPayload)))).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']));

    const [csvHeader, ...csvRows] = csvRecords(csv.body);
    const [xlsxHeader, ...xlsxRows] = xlsxRecords(xlsx.rawPayload, csvHeader!.length);
    // The header: the same open fields, by label; the phone field the publisher left out is in neither.
    expect(csvHeader).toEqual(['hospital', 'level', 'beds', 'rating', 'open24h', 'opened']);
    expect(xlsxHeader).toEqual(csvHeader!.map((name) => detail.fields.find((f) => f.name === name)!.label));
    expect(xlsxHeader).not.toContain('值班电话');
    expect(csv.body).not.toContain('0711-');
    expect(csvRows).toHaveLength(rows.length);
    expect(xlsxRows).toEqual(csvRows);
    expect(xlsxRows[1]![0]).toBe('华容区人民医院, 分院');

    const after = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-hospitals' })).json() as { downloads: number };
    expect(after.downloads).toBe(detail.downloads + 2);
  });

  it('lists the XLSX distribution in CKAN and DCAT with its media type', async () => {
    const pkg = (await app.inject({ method: 'GET', url: '/api/3/action/package_show?id=test-open-hospitals' })).json() as { result: { resources: Array<{ format: string; mimetype: string; url: string }> } };
    expect(pkg.result.resources.find((r) => r.format === 'XLSX')).toMatchObject({ mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', url: expect.stringMatching(/data\.xlsx$/) });
    const turtle = await app.inject({ method: 'GET', url: '/opendata/catalog.ttl' });
    expect(turtle.body).toContain('file-type/XLSX');
  });

  it('refuses the workbook of a dataset that does not exist', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/no-such-dataset/data.xlsx' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'OPENDATA_DATASET_NOT_FOUND' } });
  });
});

describe('console use statistics', () => {
  it('counts my department’s downloads per day, every day present, and hides other departments’ datasets', async () => {
    const steward = await loginAs(app, 'market.steward');
    const one = await app.inject({ method: 'GET', url: `/api/v1/opendata/manage/statistics?days=7&dataset=${datasetId}`, headers: { cookie: steward } });
    expect(one.statusCode).toBe(200);
    const body = one.json() as { days: Array<{ day: string; downloads: number; apiCalls: number }> };
    expect(body.days).toHaveLength(7);
    await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-hospitals/data.xlsx' });
    const again = (await app.inject({ method: 'GET', url: `/api/v1/opendata/manage/statistics?days=7&dataset=${datasetId}`, headers: { cookie: steward } })).json() as typeof body;
    expect(again.days.at(-1)!.downloads).toBe(body.days.at(-1)!.downloads + 1);
    const all = (await app.inject({ method: 'GET', url: '/api/v1/opendata/manage/statistics?days=7', headers: { cookie: steward } })).json() as typeof body;
    expect(all.days.at(-1)!.downloads).toBeGreaterThanOrEqual(again.days.at(-1)!.downloads);

    const police = await loginAs(app, 'police.steward');
    const foreign = await app.inject({ method: 'GET', url: `/api/v1/opendata/manage/statistics?dataset=${datasetId}`, headers: { cookie: police } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'OPENDATA_DATASET_NOT_FOUND' } });
    const bad = await app.inject({ method: 'GET', url: '/api/v1/opendata/manage/statistics?days=0', headers: { cookie: steward } });
    expect(bad.statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/opendata/manage/statistics' });
    expect(anonymous.statusCode).toBe(401);
  });
});

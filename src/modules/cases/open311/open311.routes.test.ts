import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCasesHarness, type CasesHarness } from '../cases.testkit.js';

const schema = JSON.parse(fs.readFileSync(new URL('./fixtures/georeport-v2.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(schema, 'georeport');

/** Fails with the schema's complaints unless `body` is a valid GeoReport v2 `kind`. */
function expectValid(kind: string, body: unknown) {
  const validate = ajv.getSchema(`georeport#/definitions/${kind}`)!;
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

const LISTS = ['services.service', 'service_requests.request', 'errors.error', 'service_request_updates.request_update', 'service_definition.attributes.attribute', 'service_definition.attributes.attribute.values.value'];
const xml = new XMLParser({ parseTagValue: false, isArray: (_name, path) => LISTS.includes(String(path)) });
const SINGULAR: Record<string, string> = { attributes: 'attribute', values: 'value' };

/** What a JSON answer looks like once written as XML and parsed back: every leaf a string, null empty. */
function asXml(value: unknown): unknown {
  if (value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(asXml);
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, Array.isArray(v) ? { [SINGULAR[k]!]: asXml(v) } : asXml(v)]));
  }
  return String(value);
}

let h: CasesHarness;
let key: string;
let readOnlyKey: string;

beforeAll(async () => {
  h = await startCasesHarness();
  const issuer = (await h.platform.org.auth.userPrincipalByUsername('dispatcher'))!;
  key = (await h.platform.org.auth.createApiKey(issuer, { name: 'FixMyStreet 鄂州', organisationId: issuer.organisationId!, scopes: ['cases.intake'], expiresAt: null })).key;
  readOnlyKey = (await h.platform.org.auth.createApiKey(issuer, { name: '只读', organisationId: issuer.organisationId!, scopes: ['cases.read'], expiresAt: null })).key;
}, 180_000);

afterAll(async () => {
  await h?.close();
});

const get = (url: string) => h.app.inject({ method: 'GET', url: `/open311/v2/${url}` });
const postForm = (url: string, fields: Record<string, string>) =>
  h.app.inject({ method: 'POST', url: `/open311/v2/${url}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
const staff = (method: 'GET' | 'POST', url: string, user: string, payload?: object) =>
  h.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! }, ...(payload ? { payload } : {}) });

const report = {
  service_code: 'SJ-05-01',
  lat: '30.3963',
  long: '114.8905',
  address_string: '鄂城区凤凰路菜市场东门',
  description: '菜市场东门流动摊贩占道经营，早高峰电动车无法通行',
  first_name: '女士',
  last_name: '黄',
  phone: '13512345678',
  email: 'huang@example.cn',
  media_url: 'https://photos.example.cn/2026/11/stall.jpg',
  'attribute[type]': 'complaint',
};

async function submit(fields: Record<string, string> = {}): Promise<{ service_request_id: string; token: string }> {
  const response = await postForm('requests.json', { ...report, api_key: key, ...fields });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as Array<{ service_request_id: string; token: string }>;
  expectValid('posted', body);
  return body[0]!;
}

function expectError(response: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, format: 'json' | 'xml' = 'json') {
  expect(response.statusCode, response.body).toBe(status);
  if (format === 'json') {
    const body = JSON.parse(response.body) as unknown;
    expectValid('errors', body);
    expect((body as Array<{ code: number }>)[0]!.code).toBe(status);
  } else {
    expect(String(response.headers['content-type'])).toContain('xml');
    const parsed = xml.parse(response.body) as { errors: { error: Array<{ code: string; description: string }> } };
    expect(parsed.errors.error[0]!.code).toBe(String(status));
    expect(parsed.errors.error[0]!.description.length).toBeGreaterThan(0);
  }
}

describe('services', () => {
  it('lists the case categories as realtime services in JSON and the same in XML', async () => {
    const json = await get('services.json');
    expect(json.statusCode).toBe(200);
    const services = json.json() as Array<{ service_code: string; service_name: string; group: string; metadata: boolean; type: string }>;
    expectValid('services', services);
    expect(services.length).toBeGreaterThan(10);
    expect(services.find((s) => s.service_code === 'SJ-05-01')).toMatchObject({ service_name: expect.stringContaining('占道'), metadata: true, type: 'realtime' });
    const asXmlDoc = await get('services.xml');
    expect(asXmlDoc.headers['content-type']).toContain('text/xml');
    expect(xml.parse(asXmlDoc.body).services.service).toEqual(asXml(services));
  });

  it('gives a service definition with its attribute, and Open311 errors for an unknown code, format or jurisdiction', async () => {
    const json = await get('services/SJ-05-01.json');
    expect(json.statusCode).toBe(200);
    const definition = json.json() as { service_code: string; attributes: Array<{ code: string; values: Array<{ key: string }> }> };
    expectValid('service_definition', definition);
    expect(definition.attributes[0]!.code).toBe('type');
    expect(definition.attributes[0]!.values.map((v) => v.key)).toEqual(['complaint', 'report', 'help', 'consult', 'suggestion']);
    expect(xml.parse((await get('services/SJ-05-01.xml')).body).service_definition).toEqual(asXml(definition));

    expectError(await get('services/XX-99-99.json'), 404);
    expectError(await get('services/XX-99-99.xml'), 404, 'xml');
    expectError(await get('services/SJ-05-01.csv'), 404);
    expectError(await get('services.json?jurisdiction_id=310000'), 404);
    expect((await get('services.json?jurisdiction_id=420700')).statusCode).toBe(200);
    expectError(await get('nothing-here.xml'), 404, 'xml');
  });
});

describe('POST requests', () => {
  it('takes a report with a form-encoded api_key through the cases intake and answers the token and the request in JSON and XML', async () => {
    const posted = await submit();
    expect(posted.service_request_id).toMatch(/^\d{14}$/);

    const byToken = await get(`tokens/${posted.token}.json`);
    expectValid('tokens', byToken.json());
    expect(byToken.json()).toEqual([{ service_request_id: posted.service_request_id, token: posted.token }]);
    expect(xml.parse((await get(`tokens/${posted.token}.xml`)).body).service_requests.request).toEqual(asXml(byToken.json()));

    const one = await get(`requests/${posted.service_request_id}.json`);
    const rows = one.json() as Array<Record<string, unknown>>;
    expectValid('requests', rows);
    expect(rows[0]).toMatchObject({
      service_request_id: posted.service_request_id,
      status: 'open',
      service_code: 'SJ-05-01',
      description: report.description,
      address: report.address_string,
      lat: 30.3963,
      long: 114.8905,
      media_url: report.media_url,
      service_notice: '已受理',
      agency_responsible: null,
    });
    expect(rows[0]!.requested_datetime).toMatch(/\+08:00$/);
    expect(xml.parse((await get(`requests/${posted.service_request_id}.xml`)).body).service_requests.request).toEqual(asXml(rows));
    // Personal data stays out of the public answer.
    expect(one.body).not.toContain('13512345678');
    expect(one.body).not.toContain('黄女士');

    // The case is a web case of the key's organisation, with the reporter and the chosen type.
    const queue = (await staff('GET', '/cases?channel=web&pageSize=200', 'dispatcher')).json() as { items: Array<{ number: string; type: string; reporter: { name: string; phone: string }; sourceRef: string }> };
    const c = queue.items.find((i) => i.number === posted.service_request_id)!;
    expect(c).toMatchObject({ type: 'complaint', reporter: { name: '黄女士', phone: '13512345678' }, sourceRef: `open311:${posted.token}` });
  });

  it('answers XML for requests.xml and takes the api_key from the X-API-Key header and a JSON body too', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'x-api-key': key }, payload: { ...report, attribute: { type: 'help' } } });
    expect(response.statusCode, response.body).toBe(201);
    const parsed = xml.parse(response.body) as { service_requests: { request: Array<{ service_request_id: string; token: string }> } };
    expect(parsed.service_requests.request[0]!.service_request_id).toMatch(/^\d{14}$/);
    expect(parsed.service_requests.request[0]!.token.length).toBeGreaterThan(8);
  });

  it('refuses without a valid api_key with cases.intake, and refuses bad input with 400, writing nothing', async () => {
    const before = Number((await get('requests.json?page_size=1')).headers['x-total-count']);
    expectError(await postForm('requests.json', report), 403);
    expectError(await postForm('requests.xml', report), 403, 'xml');
    expectError(await postForm('requests.json', { ...report, api_key: 'yw_nothing_wrongwrongwrong' }), 403);
    expectError(await postForm('requests.json', { ...report, api_key: readOnlyKey }), 403);
    // A staff session is no api_key (a cross-site form must not open cases).
    expectError(await h.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { cookie: h.cookies.dispatcher!, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(report).toString() }), 403);

    const { service_code: _code, ...withoutCode } = report;
    expectError(await postForm('requests.json', { ...withoutCode, api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, service_code: 'XX-00-00', api_key: key }), 400);
    const { lat: _lat, long: _long, address_string: _address, ...nowhere } = report;
    expectError(await postForm('requests.json', { ...nowhere, api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, lat: '300', api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, long: '', api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, description: '坏', api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, 'attribute[type]': 'praise', api_key: key }), 400);
    expectError(await postForm('requests.json', { ...report, phone: 'call me', api_key: key }), 400);
    expectError(await postForm('requests.xml', { ...report, media_url: 'javascript:alert(1)', api_key: key }), 400, 'xml');
    expectError(await postForm('requests.json', { ...report, email: 'not-an-email', api_key: key }), 400);
    expectError(await h.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json', 'x-api-key': key }, payload: '{"service_code":' }), 400);
    expectError(await h.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'text/csv', 'x-api-key': key }, payload: 'a,b' }), 415);
    expect(Number((await get('requests.json?page_size=1')).headers['x-total-count'])).toBe(before);
  });
});

describe('GET requests', () => {
  it('filters by ids, service code, status and dates, pages with page/page_size, and keeps hotline calls private', async () => {
    const a = await submit();
    const b = await submit({ service_code: 'BJ-01-01', description: '凤凰路路灯不亮已经三天，夜间行人看不清路' });
    const hotline = (await staff('POST', '/cases/hotline', 'dispatcher', { type: 'complaint', categoryCode: 'SJ-05-01', description: '热线来电：楼下餐馆油烟扰民', reporterName: '吴先生', reporterPhone: '13700001111' })).json() as { number: string };

    const byIds = (await get(`requests.json?service_request_id=${a.service_request_id},${b.service_request_id},${hotline.number}`)).json() as Array<{ service_request_id: string }>;
    expectValid('requests', byIds);
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([a.service_request_id, b.service_request_id].sort());
    expectError(await get(`requests/${hotline.number}.json`), 404);
    expectError(await get(`requests/${hotline.number}.xml`), 404, 'xml');

    const lamps = (await get('requests.json?service_code=BJ-01-01&page_size=500')).json() as Array<{ service_code: string; service_request_id: string }>;
    expect(lamps.map((r) => r.service_request_id)).toContain(b.service_request_id);
    expect(lamps.every((r) => r.service_code === 'BJ-01-01')).toBe(true);
    expect(((await get('requests.json?status=closed&page_size=500')).json() as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).not.toContain(a.service_request_id);
    expect(((await get('requests.json?status=open&page_size=500')).json() as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).toContain(a.service_request_id);

    const future = (await get(`requests.json?start_date=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).json() as unknown[];
    expect(future).toEqual([]);
    const past = (await get(`requests.json?end_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).json() as unknown[];
    expect(past).toEqual([]);

    const page1 = await get('requests.json?page_size=1&page=1');
    const page2 = await get('requests.json?page_size=1&page=2');
    expect(Number(page1.headers['x-total-count'])).toBeGreaterThanOrEqual(3);
    expect((page1.json() as unknown[]).length).toBe(1);
    expect((page1.json() as Array<{ service_request_id: string }>)[0]!.service_request_id).not.toBe((page2.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
    const listXml = await get('requests.xml?page_size=3');
    expect(xml.parse(listXml.body).service_requests.request).toEqual(asXml((await get('requests.json?page_size=3')).json()));

    expectError(await get('requests.json?start_date=yesterday'), 400);
    expectError(await get('requests.xml?status=pending'), 400, 'xml');
    expectError(await get('requests.json?page_size=100000'), 400);
    expectError(await get('requests.json?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400);
  });

  it('follows the case through dispatch and reply: agency, expected and updated times, status notes, updates since a time, and closed at the end', async () => {
    const posted = await submit();
    const since = new Date(Date.now() - 1000).toISOString();
    const find = async () => (await staff('GET', `/cases?channel=web&pageSize=200`, 'dispatcher')).json() as { items: Array<{ id: string; number: string; version: number }> };
    let c = (await find()).items.find((i) => i.number === posted.service_request_id)!;
    const step = async (action: string, user: string, body: object = {}) => {
      const response = await staff('POST', `/cases/${c.id}/${action}`, user, { version: c.version, ...body });
      expect(response.statusCode, response.body).toBe(200);
      c = response.json() as typeof c;
    };
    await step('dispatch', 'dispatcher');
    await step('sign', 'handler');
    await step('reply', 'handler', { comment: '已清理东门占道摊点，安排早间常态巡查' });

    const row = ((await get(`requests/${posted.service_request_id}.json`)).json() as Array<Record<string, string | null>>)[0]!;
    expect(row).toMatchObject({ status: 'open', agency_responsible: expect.stringContaining('城'), status_notes: '已清理东门占道摊点，安排早间常态巡查', service_notice: '已反馈' });
    expect(row.expected_datetime).toMatch(/\+08:00$/);
    expect(Date.parse(row.updated_datetime!)).toBeGreaterThanOrEqual(Date.parse(row.requested_datetime!));

    const changed = (await get(`requests.json?updated_after=${encodeURIComponent(since)}&page_size=500`)).json() as Array<{ service_request_id: string }>;
    expect(changed.map((r) => r.service_request_id)).toContain(posted.service_request_id);

    const updates = await get(`servicerequestupdates.json?start_date=${encodeURIComponent(since)}&page_size=500`);
    expectValid('request_updates', updates.json());
    const mine = (updates.json() as Array<{ service_request_id: string; status: string; description: string }>).filter((u) => u.service_request_id === posted.service_request_id);
    expect(mine.map((u) => u.status)).toEqual(['OPEN', 'ACTION_SCHEDULED', 'INVESTIGATING', 'FIXED']);
    expect(mine[3]!.description).toBe('已清理东门占道摊点，安排早间常态巡查');
    const updatesXml = await get(`servicerequestupdates.xml?start_date=${encodeURIComponent(since)}&page_size=500`);
    expect(xml.parse(updatesXml.body).service_request_updates.request_update).toEqual(asXml(updates.json()));
    expectError(await get('servicerequestupdates.json?end_date=soon'), 400);

    await step('callback', 'dispatcher', { satisfaction: 'satisfied' });
    await step('close', 'dispatcher');
    const closed = ((await get(`requests/${posted.service_request_id}.json`)).json() as Array<Record<string, unknown>>)[0]!;
    expect(closed).toMatchObject({ status: 'closed', expected_datetime: null });
    expect(((await get('requests.json?status=closed&page_size=500')).json() as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).toContain(posted.service_request_id);
  });

  it('shows a request merged into another as closed with a note naming the main request, and DUPLICATE in the updates', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const main = await submit({ description: '凤凰路菜市场东门占道经营严重，早上无法通行' });
    const repeat = await submit({ description: '菜市场东门又有摊贩占道经营，早上走不过去' });
    const queue = (await staff('GET', '/cases?channel=web&pageSize=200', 'dispatcher')).json() as { items: Array<{ id: string; number: string; version: number }> };
    const [m, r] = [main, repeat].map((p) => queue.items.find((i) => i.number === p.service_request_id)!);
    const merged = await staff('POST', `/cases/${r!.id}/merge`, 'dispatcher', { version: r!.version, intoCaseId: m!.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const row = ((await get(`requests/${repeat.service_request_id}.json`)).json() as Array<Record<string, unknown>>)[0]!;
    expect(row).toMatchObject({ status: 'closed', status_notes: `已合并至工单 ${main.service_request_id} 一并办理` });
    const updates = (await get(`servicerequestupdates.json?start_date=${encodeURIComponent(since)}&page_size=500`)).json() as Array<{ service_request_id: string; status: string }>;
    expect(updates.filter((u) => u.service_request_id === repeat.service_request_id).map((u) => u.status)).toEqual(['OPEN', 'DUPLICATE']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';

let h: CasesHarness;

beforeAll(async () => {
  h = await startCasesHarness();
});

afterAll(async () => {
  await h?.close();
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function multipart(file: { name: string; data: Buffer; type?: string } | null) {
  const boundary = `----yiwangtest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'image/png'}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (caseId: string, user: string, file: { name: string; data: Buffer; type?: string } | null) => {
  const body = multipart(file);
  return h.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload: body.payload, headers: { ...body.headers, cookie: h.cookies[user]! } });
};
const get = (url: string, user: string) => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! } });
const codeOf = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

async function gridReport(): Promise<{ id: string; number: string }> {
  const response = await h.app.inject({
    method: 'POST',
    url: '/api/v1/cases/grid-reports',
    headers: { cookie: h.cookies['gridworker']! },
    payload: { type: 'report', categoryCode: 'BJ-01-01', description: '凤凰街道文化路口井盖破损下陷，已设置临时围挡', point: { lon: 114.89, lat: 30.39 } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

describe('photos of a case', () => {
  it('stores a grid worker’s photo, lists it to whoever sees the case and serves its bytes, with an audit record', async () => {
    const c = await gridReport();
    const added = await upload(c.id, 'gridworker', { name: '现场.png', data: PNG, type: 'application/octet-stream' });
    expect(added.statusCode, added.body).toBe(201);
    const photo = added.json() as { id: string; name: string; contentType: string; size: number; sm3: string };
    expect(photo).toMatchObject({ name: '现场.png', contentType: 'image/png', size: PNG.length });
    expect(photo.sm3).toMatch(/^[0-9a-f]{64}$/);

    const listed = await get(`/cases/${c.id}/attachments`, 'dispatcher');
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { items: Array<{ id: string }> }).items.map((i) => i.id)).toEqual([photo.id]);

    const file = await get(`/cases/${c.id}/attachments/${photo.id}`, 'dispatcher');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);

    expect(await auditActions(h.platform, c.id)).toContain('cases.attachment.add');
  });

  it('refuses what is not a photo, an empty upload, too many photos, strangers and unknown photos', async () => {
    const c = await gridReport();
    const text = await upload(c.id, 'gridworker', { name: 'fake.png', data: Buffer.from('not a picture at all'), type: 'image/png' });
    expect(text.statusCode).toBe(415);
    expect(codeOf(text)).toBe('CASES_ATTACHMENT_TYPE');
    const empty = await upload(c.id, 'gridworker', null);
    expect(empty.statusCode).toBe(400);
    expect(codeOf(empty)).toBe('CASES_ATTACHMENT_MISSING');
    const json = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, payload: { file: 'x' }, headers: { cookie: h.cookies['gridworker']! } });
    expect(json.statusCode).toBe(415);

    // The leader may read the case but holds none of intake, dispatch, handling.
    const leader = await upload(c.id, 'leader', { name: 'a.png', data: PNG });
    expect(leader.statusCode).toBe(403);
    // Another region's dispatcher does not see the case at all.
    const other = await upload(c.id, 'lzh.dispatcher', { name: 'a.png', data: PNG });
    expect(other.statusCode).toBe(403);

    for (let i = 0; i < 9; i += 1) {
      expect((await upload(c.id, 'gridworker', { name: `p${i}.png`, data: PNG })).statusCode).toBe(201);
    }
    const tenth = await upload(c.id, 'gridworker', { name: 'p9.png', data: PNG });
    expect(tenth.statusCode).toBe(409);
    expect(codeOf(tenth)).toBe('CASES_ATTACHMENT_LIMIT');
    expect(((await get(`/cases/${c.id}/attachments`, 'gridworker')).json() as { items: unknown[] }).items).toHaveLength(9);

    const missing = await get(`/cases/${c.id}/attachments/00000000-0000-0000-0000-000000000000`, 'gridworker');
    expect(missing.statusCode).toBe(404);
    expect(codeOf(missing)).toBe('CASES_ATTACHMENT_NOT_FOUND');
  });
});

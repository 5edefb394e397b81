import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { foreignCity } from './foreign-city.testkit.js';

let platform: Platform;
let app: FastifyInstance;
let officer: string; // 市场监管局 case officer: read, issue, revoke, import
let admin: string;
let leader: string; // read only
let echeng: string; // 鄂城区 org admin: no licenses permission
let districtOfficer: string; // 鄂城区 case officer: sees only its district's licenses

const BUSINESS_LICENCE = '114207000110010179001';
const FOOD_LICENCE = '114207000110010179002';
const BIRTH_CERTIFICATE = '11420700011002028L001';
const DEMO_ENTITY = '91420700042070699W';
const DEMO_CHILD = '420704202601105789';

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  const district = await platform.org.service.getOrganisationByCode('ezhou-ec-zsj');
  await platform.org.service.createUser(null, { username: 'ec-officer', displayName: '区审批', password: 'Yiwang@2026', organisationId: district!.id, roles: ['case_officer'] }, 'system:test');
  app = await platform.buildApp(false);
  officer = await loginAs(app, 'officer');
  admin = await loginAs(app, 'admin');
  leader = await loginAs(app, 'leader');
  echeng = await loginAs(app, 'echeng');
  districtOfficer = await loginAs(app, 'ec-officer');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie?: string, remoteAddress?: string) =>
  app.inject({ method: 'GET', url: `/api/v1${url}`, ...(cookie ? { headers: { cookie } } : {}), ...(remoteAddress ? { remoteAddress } : {}) });
const post = (url: string, payload: unknown, cookie?: string) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, ...(cookie ? { headers: { cookie } } : {}) });
const codeOf = (response: { json(): { error?: { code: string } } }) => response.json().error?.code;

async function demoLicense(typeCode: string, holderCode: string) {
  const page = (await get(`/licenses?q=${holderCode}&typeCode=${typeCode}`, officer)).json() as { items: Array<{ id: string; identifier: string; state: string }> };
  expect(page.items.length).toBeGreaterThan(0);
  return page.items[0]!;
}

async function issueFood(cookie = officer, overrides: Record<string, unknown> = {}) {
  return post('/licenses', { typeCode: FOOD_LICENCE, holder: { name: '鄂州市创益食品有限公司', code: DEMO_ENTITY }, data: { legalRepresentative: '白丹', address: '某地', premises: '某地', businessForm: '食品销售经营者', businessItems: '预包装食品' }, ...overrides }, cookie);
}

describe('the demo city', () => {
  it('has its license types and licenses, one revoked and one expired, and adds none on a second load', async () => {
    const types = (await get('/licenses/types', officer)).json().items as Array<{ name: string }>;
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(['营业执照', '食品经营许可证', '出生医学证明', '建筑工程施工许可证', '不动产权证书']));
    const all = (await get('/licenses?pageSize=100', officer)).json() as { items: Array<{ state: string }>; total: number };
    expect(all.total).toBe(8);
    expect(all.items.map((l) => l.state).sort()).toEqual(['expired', 'revoked', 'valid', 'valid', 'valid', 'valid', 'valid', 'valid']);
    expect((await platform.loadDemo()).licensesIssued).toBe(0);
  });
});

describe('public verification (no login)', () => {
  it('shows a valid license with the holder masked and no surface data', async () => {
    const license = await demoLicense(BIRTH_CERTIFICATE, DEMO_CHILD);
    const response = await get(`/licenses/verify/${license.identifier}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'valid', signer: { scope: 'local', cityName: '鄂州市', divisionCode: '420700' }, license: { name: '出生医学证明', holderName: '罗**', issuerName: '鄂州市卫生健康委员会' } });
    expect(body.license.holderCode).toMatch(/^4207\*+5789$/);
    expect(body.license).toMatchObject({ issuedOn: '2026-01-10', validFrom: '2026-01-10', validTo: null });
    expect(response.body).not.toContain(DEMO_CHILD);
    expect(response.body).not.toContain('罗梓涵');
    expect(response.body).not.toContain('motherName');
  });

  it('shows revoked and expired demo licenses as such', async () => {
    const revoked = await demoLicense(FOOD_LICENCE, DEMO_ENTITY);
    expect((await get(`/licenses/verify/${revoked.identifier}`)).json()).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const expired = await demoLicense(FOOD_LICENCE, '92420704MA4Q9BRY73');
    expect((await get(`/licenses/verify/${expired.identifier}`)).json().status).toBe('expired');
  });

  it('answers unknown for an identifier not on record, 400 for a malformed one', async () => {
    const unknown = await get('/licenses/verify/1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0');
    expect(unknown.json()).toMatchObject({ status: 'unknown', license: null });
    const malformed = await get('/licenses/verify/1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.1');
    expect(malformed.statusCode).toBe(400);
    expect(codeOf(malformed)).toBe('LICENSES_INVALID_IDENTIFIER');
    expect(codeOf(await get('/licenses/verify/not-an-identifier/qr.svg'))).toBe('LICENSES_INVALID_IDENTIFIER');
  });

  it('serves a QR code of the verification page and the city signing key', async () => {
    const license = await demoLicense(BUSINESS_LICENCE, DEMO_ENTITY);
    const qr = await get(`/licenses/verify/${license.identifier}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const key = (await get('/licenses/signing-key')).json();
    expect(key).toMatchObject({ scope: 'local', cityName: '鄂州市', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('checks a downloaded document, and shows forged when a byte of it is changed', async () => {
    const license = await demoLicense(BUSINESS_LICENCE, DEMO_ENTITY);
    const download = await get(`/licenses/${license.id}/document`, officer);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain(`${license.identifier}.json`);
    const document = download.json();
    expect(document.verifyUrl).toMatch(new RegExp(`/verify/${license.identifier.replaceAll('.', '\\.')}$`));
    expect(document.signature).toMatchObject({ algorithm: 'SM2-SM3', userId: '1234567812345678', keyFingerprint: (await get('/licenses/signing-key')).json().fingerprint });
    // Uploaded as downloaded, verifyUrl and all.
    expect((await post('/licenses/verify', document)).json()).toMatchObject({ status: 'valid', license: { holderName: '鄂州市创益食品有限公司' } });
    const changed = { ...document, content: { ...document.content, number: `${document.content.number}1` } };
    expect((await post('/licenses/verify', changed)).json()).toMatchObject({ status: 'forged', reason: 'bad-signature', license: null });
    const malformed = await post('/licenses/verify', { content: document.content, signature: { ...document.signature, keyFingerprint: 'nope' } });
    expect(malformed.statusCode).toBe(400);
    expect(codeOf(malformed)).toBe('VALIDATION_FAILED');
  });

  it('limits how often one address may verify', async () => {
    let response = await get('/licenses/signing-key', undefined, '10.9.9.9');
    for (let i = 0; i < 70 && response.statusCode !== 429; i++) {
      response = await get('/licenses/verify/x', undefined, '10.9.9.9');
    }
    expect(response.statusCode).toBe(429);
    expect(codeOf(response)).toBe('RATE_LIMITED');
    expect(response.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect((await get('/licenses/signing-key', undefined, '10.9.9.10')).statusCode).toBe(200);
  });
});

describe('staff routes', () => {
  it('require a session and the licenses permissions', async () => {
    expect(codeOf(await get('/licenses'))).toBe('AUTH_REQUIRED');
    const forbidden = await get('/licenses', echeng);
    expect(forbidden.statusCode).toBe(403);
    expect(codeOf(forbidden)).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await issueFood(leader))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post('/licenses/trusted-keys', { cityName: '黄石市', divisionCode: '420200', publicKeyPem: 'x' }, officer))).toBe('AUTH_FORBIDDEN');
  });

  it('pages and searches within the caller\'s region', async () => {
    const page = (await get('/licenses?pageSize=3&page=2', leader)).json();
    expect(page).toMatchObject({ page: 2, pageSize: 3, total: expect.any(Number) });
    expect(page.items).toHaveLength(3);
    const byHolder = (await get(`/licenses?q=${DEMO_ENTITY}`, leader)).json().items as Array<{ holder: { code: string } }>;
    expect(byHolder.length).toBeGreaterThanOrEqual(2);
    expect(byHolder.every((l) => l.holder.code === DEMO_ENTITY)).toBe(true);
    expect((await get('/licenses?q=出生&status=valid', leader)).json().items).toEqual([]);
    expect((await get(`/licenses?q=${encodeURIComponent('罗梓涵')}`, leader)).json().items).toHaveLength(1);
    // The district officer sees no city-issued license.
    expect((await get('/licenses', districtOfficer)).json().total).toBe(0);
    const license = await demoLicense(BUSINESS_LICENCE, DEMO_ENTITY);
    expect(codeOf(await get(`/licenses/${license.id}`, districtOfficer))).toBe('LICENSES_LICENSE_NOT_FOUND');
    expect(codeOf(await get('/licenses?pageSize=1000', leader))).toBe('VALIDATION_FAILED');
  });

  it('shows details with surface data and finds a holder\'s licenses', async () => {
    const license = await demoLicense(BIRTH_CERTIFICATE, DEMO_CHILD);
    const detail = (await get(`/licenses/${license.id}`, leader)).json();
    expect(detail).toMatchObject({ name: '出生医学证明', data: { motherName: '罗雅琴' } });
    expect(detail.holder.code).not.toBe(DEMO_CHILD);
    expect((await get(`/licenses/holders/${DEMO_CHILD}`, leader)).json().items.map((l: { id: string }) => l.id)).toEqual([license.id]);
    expect(codeOf(await get('/licenses/holders/420704202601105780', leader))).toBe('LICENSES_INVALID_HOLDER');
    expect(codeOf(await get('/licenses/00000000-0000-4000-8000-000000000000', leader))).toBe('LICENSES_LICENSE_NOT_FOUND');
    expect(codeOf(await get('/licenses/not-a-uuid', leader))).toBe('VALIDATION_FAILED');
  });

  it('issues, refusing bad input with its code', async () => {
    const issued = await issueFood();
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ origin: 'local', state: 'valid', validTo: expect.any(String), number: expect.stringMatching(/^JY420700/) });
    expect(codeOf(await issueFood(officer, { typeCode: '114207000110010179999' }))).toBe('LICENSES_TYPE_NOT_FOUND');
    expect(codeOf(await issueFood(officer, { holder: { name: '某', code: DEMO_CHILD } }))).toBe('LICENSES_INVALID_HOLDER');
    expect(codeOf(await issueFood(officer, { data: {} }))).toBe('LICENSES_INVALID_LICENSE');
    expect(codeOf(await issueFood(officer, { validFrom: '2026-13-01' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await issueFood(officer, { typeCode: 'bad' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await issueFood(officer, { extra: 1 }))).toBe('VALIDATION_FAILED');
    const outside = await issueFood(districtOfficer);
    expect(outside.statusCode).toBe(403);
    expect(codeOf(outside)).toBe('AUTH_FORBIDDEN');
  });

  it('revokes once; the public page then shows revoked', async () => {
    const issued = (await issueFood()).json() as { id: string; identifier: string };
    expect(codeOf(await post(`/licenses/${issued.id}/revoke`, { reason: '  ' }, officer))).toBe('VALIDATION_FAILED');
    expect(codeOf(await post(`/licenses/${issued.id}/revoke`, { reason: '注销' }, leader))).toBe('AUTH_FORBIDDEN');
    const revoked = await post(`/licenses/${issued.id}/revoke`, { reason: '申请人申请注销' }, officer);
    expect(revoked.json()).toMatchObject({ status: 'revoked', state: 'revoked', revokeReason: '申请人申请注销' });
    const again = await post(`/licenses/${issued.id}/revoke`, { reason: '再次' }, officer);
    expect(again.statusCode).toBe(409);
    expect(codeOf(again)).toBe('LICENSES_ALREADY_REVOKED');
    expect((await get(`/licenses/verify/${issued.identifier}`)).json().status).toBe('revoked');
    expect(codeOf(await post('/licenses/00000000-0000-4000-8000-000000000000/revoke', { reason: 'x' }, officer))).toBe('LICENSES_LICENSE_NOT_FOUND');
  });
});

describe('mutual recognition (互认)', () => {
  const huangshi = foreignCity('黄石市', '420200');

  it('refuses a foreign license until its city key is trusted, then records it once', async () => {
    const document = huangshi.sign();
    const refused = await post('/licenses/import', document, officer);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'LICENSES_FOREIGN_NOT_ACCEPTED', details: { status: 'forged', reason: 'untrusted-signer' } });
    expect((await post('/licenses/verify', document)).json()).toMatchObject({ status: 'forged', reason: 'untrusted-signer' });

    const trusted = await post('/licenses/trusted-keys', { cityName: huangshi.name, divisionCode: huangshi.divisionCode, publicKeyPem: huangshi.publicKeyPem }, admin);
    expect(trusted.statusCode, trusted.body).toBe(201);
    expect(trusted.json()).toMatchObject({ scope: 'trusted', fingerprint: huangshi.fingerprint });
    expect((await post('/licenses/verify', document)).json()).toMatchObject({ status: 'valid', signer: { scope: 'trusted', cityName: '黄石市' } });

    const recorded = await post('/licenses/import', document, officer);
    expect(recorded.statusCode).toBe(201);
    expect((await post('/licenses/import', document, officer)).statusCode).toBe(200);
    const id = recorded.json().license.id as string;
    expect((await get(`/licenses/${id}`, districtOfficer)).json()).toMatchObject({ origin: 'foreign', jurisdiction: '420200' });
    const notRevocable = await post(`/licenses/${id}/revoke`, { reason: 'x' }, officer);
    expect(notRevocable.statusCode).toBe(409);
    expect(codeOf(notRevocable)).toBe('LICENSES_FOREIGN_NOT_REVOCABLE');
  });

  it('manages trusted keys with their error codes', async () => {
    const add = (publicKeyPem: string) => post('/licenses/trusted-keys', { cityName: '十堰市', divisionCode: '420300', publicKeyPem }, admin);
    expect(codeOf(await add('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'))).toBe('LICENSES_KEY_INVALID');
    expect(codeOf(await add(huangshi.publicKeyPem))).toBe('LICENSES_KEY_EXISTS');
    expect(codeOf(await post('/licenses/trusted-keys', { cityName: '十堰市', divisionCode: '4203', publicKeyPem: huangshi.publicKeyPem }, admin))).toBe('VALIDATION_FAILED');
    const list = (await get('/licenses/trusted-keys', admin)).json().items as Array<{ fingerprint: string }>;
    expect(list.map((k) => k.fingerprint)).toContain(huangshi.fingerprint);
    const missing = await post(`/licenses/trusted-keys/${'0'.repeat(64)}/revoke`, { reason: '无' }, admin);
    expect(missing.statusCode).toBe(404);
    expect(codeOf(missing)).toBe('LICENSES_KEY_NOT_FOUND');
    const revoked = await post(`/licenses/trusted-keys/${huangshi.fingerprint}/revoke`, { reason: '密钥更换' }, admin);
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String), revokeReason: '密钥更换' });
    expect((await post('/licenses/verify', huangshi.sign())).json().status).toBe('forged');
  });
});

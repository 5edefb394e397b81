import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors/index.js';
import { foreignCity } from './foreign-city.testkit.js';
import { buildLicenseIdentifier, parseLicenseIdentifier } from './license-identifier.js';
import { LICENSE_PUBLIC_KEY_FILE } from './license-keys.js';
import { HOLDERS, licensesFixture, TYPES, type LicensesFixture } from './licenses.testkit.js';

let fx: LicensesFixture;

beforeAll(async () => {
  fx = await licensesFixture();
});
afterAll(async () => {
  await fx?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

const issueFood = (overrides: Record<string, unknown> = {}) =>
  fx.licenses.issue({ typeCode: TYPES.food, holder: HOLDERS.entity, data: { premises: '鄂城区凤凰街道 1 号', items: '预包装食品销售' }, ...overrides }, 'user:test');

describe('issuing', () => {
  it('issues a license with a GB/T 36904 identifier, audited and published in its transaction', async () => {
    fx.setNow(new Date('2026-03-01T02:00:00Z'));
    const license = await issueFood();
    expect(parseLicenseIdentifier(license.identifier)).toMatchObject({ typeCode: TYPES.food, issuerCode: '114207000110010179', version: 1 });
    expect(license).toMatchObject({
      origin: 'local',
      name: '测试食品经营许可证',
      holder: { name: HOLDERS.entity.name, code: HOLDERS.entity.code, codeType: '049' },
      issuedOn: '2026-03-01',
      validFrom: '2026-03-01',
      validTo: '2031-02-28',
      relatedItem: { code: 'T-001', name: '测试许可事项' },
      jurisdiction: '420700',
      status: 'valid',
      state: 'valid',
      data: { premises: '鄂城区凤凰街道 1 号', items: '预包装食品销售' },
    });
    expect(license.number).toMatch(/^T4207002026\d{8}$/);
    const earlier = await issueFood({ issuedOn: '2024-06-01', validFrom: '2024-06-01' });
    expect(earlier).toMatchObject({ issuedOn: '2024-06-01', validTo: '2029-05-31' });
    const records = await fx.audit.list({ page: 1, pageSize: 10, action: 'licenses.license.issue' });
    expect(records.items.map((r) => r.target)).toContain(`licenses_license:${license.id}`);
    const events = await sql<{ type: string; payload: { identifier: string } }>`select type, payload from kernel_outbox where type = 'licenses.issued'`.execute(fx.db);
    expect(events.rows.map((e) => e.payload.identifier)).toContain(license.identifier);
  });

  it('masks a person holder\'s ID number in views but finds the holder by it', async () => {
    const license = await fx.licenses.issue({ typeCode: TYPES.birth, holder: HOLDERS.person, data: { sex: '女' } }, 'user:test');
    expect(license.holder.code).not.toBe(HOLDERS.person.code);
    expect(license.holder.code).toMatch(/^4207\*+5789$/);
    expect(license.validTo).toBeNull();
    const found = await fx.licenses.listForHolder(HOLDERS.person.code);
    expect(found.map((l) => l.id)).toContain(license.id);
    expect(found.find((l) => l.id === license.id)?.data).toEqual({ sex: '女' });
    expect(await fx.licenses.listForHolder('11010519491231002X')).toEqual([]);
  });

  it('refuses a bad holder, bad data and bad dates with their codes', async () => {
    expect(await codeOf(issueFood({ typeCode: '114207000110010179999' }))).toBe('LICENSES_TYPE_NOT_FOUND');
    expect(await codeOf(issueFood({ holder: { name: '某人', code: HOLDERS.person.code } }))).toBe('LICENSES_INVALID_HOLDER');
    expect(await codeOf(issueFood({ holder: { name: '某公司', code: '91420700042070699X' } }))).toBe('LICENSES_INVALID_HOLDER');
    expect(await codeOf(issueFood({ holder: { name: '某公司', code: HOLDERS.entity.code, codeType: '111' } }))).toBe('LICENSES_INVALID_HOLDER');
    expect(await codeOf(issueFood({ holder: { name: '  ', code: HOLDERS.entity.code } }))).toBe('LICENSES_INVALID_HOLDER');
    expect(await codeOf(issueFood({ data: { premises: '某地' } }))).toBe('LICENSES_INVALID_LICENSE');
    expect(await codeOf(issueFood({ data: { premises: '某地', items: '某项', salary: 1 } }))).toBe('LICENSES_INVALID_LICENSE');
    expect(await codeOf(issueFood({ validFrom: '2026-05-01', validTo: '2026-04-30' }))).toBe('LICENSES_INVALID_LICENSE');
    expect(await codeOf(issueFood({ validFrom: '2026-02-30' }))).toBe('LICENSES_INVALID_LICENSE');
    expect(await codeOf(issueFood({ issuedOn: '2026-03-02' }))).toBe('LICENSES_INVALID_LICENSE');
  });
});

describe('verification', () => {
  it('shows valid, then expired after the last valid day, by identifier and by document', async () => {
    fx.setNow(new Date('2026-03-01T02:00:00Z'));
    const license = await issueFood({ validTo: '2026-03-31' });
    const valid = await fx.licenses.verify(license.identifier);
    expect(valid).toMatchObject({ status: 'valid', signer: { scope: 'local', cityName: '鄂州市', divisionCode: '420700' } });
    expect(valid.license?.holder.code).toBe(HOLDERS.entity.code);
    fx.setNow(new Date('2026-03-31T15:59:00Z')); // 23:59 in Shanghai: still the last day
    expect((await fx.licenses.verify(license.identifier)).status).toBe('valid');
    fx.setNow(new Date('2026-03-31T16:00:00Z'));
    expect((await fx.licenses.verify(license.identifier)).status).toBe('expired');
    fx.setNow(new Date('2026-03-01T02:00:00Z'));
  });

  it('shows revoked once revoked, refuses a second revocation, and audits it', async () => {
    const license = await issueFood();
    const revoked = await fx.licenses.revoke(license.id, '经营者申请注销', 'user:test');
    expect(revoked).toMatchObject({ status: 'revoked', state: 'revoked', revokeReason: '经营者申请注销' });
    expect(await fx.licenses.verify(license.identifier)).toMatchObject({ status: 'revoked' });
    expect(await codeOf(fx.licenses.revoke(license.id, '再次', 'user:test'))).toBe('LICENSES_ALREADY_REVOKED');
    expect(await codeOf(fx.licenses.revoke('00000000-0000-4000-8000-000000000000', '无', 'user:test'))).toBe('LICENSES_LICENSE_NOT_FOUND');
    const records = await fx.audit.list({ page: 1, pageSize: 10, action: 'licenses.license.revoke' });
    expect(records.items.map((r) => r.target)).toEqual([`licenses_license:${license.id}`]);
  });

  it('answers unknown for an identifier not on record and refuses a malformed one', async () => {
    const license = await issueFood();
    const unknown = buildLicenseIdentifier({ ...parseLicenseIdentifier(license.identifier)!, serial: '209900000001' });
    expect(await fx.licenses.verify(unknown)).toEqual({ status: 'unknown', reason: 'not-recorded' });
    const wrongCheck = license.identifier.slice(0, -1) + (license.identifier.endsWith('A') ? 'B' : 'A');
    expect(await codeOf(fx.licenses.verify(wrongCheck))).toBe('LICENSES_INVALID_IDENTIFIER');
  });

  it('shows forged when the stored signature or content was altered', async () => {
    const license = await issueFood();
    await sql`update licenses_license set signature = overlay(signature placing '\\x00'::bytea from 12 for 1) where id = ${license.id}`.execute(fx.db);
    expect(await fx.licenses.verify(license.identifier)).toMatchObject({ status: 'forged', reason: 'bad-signature' });
    const second = await issueFood();
    await sql`update licenses_license set content_enc = (select content_enc from licenses_license where id = ${license.id}) where id = ${second.id}`.execute(fx.db);
    expect((await fx.licenses.verify(second.identifier)).status).toBe('forged');
  });

  it('checks a presented document: valid as issued, forged when any field is changed', async () => {
    const license = await issueFood();
    const row = (await fx.licenses.service.getRow(license.id))!;
    const content = fx.licenses.service.decrypt(row);
    const document = { content, signature: { value: Buffer.from(row.signature).toString('base64'), keyFingerprint: row.key_fingerprint } };
    expect((await fx.licenses.verify(document)).status).toBe('valid');
    const changed = { ...document, content: { ...content, validTo: '2099-12-31' } };
    expect(await fx.licenses.verify(changed)).toEqual({ status: 'forged', reason: 'bad-signature' });
    const reordered = { ...document, content: JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(content).reverse()))) };
    expect((await fx.licenses.verify(reordered)).status).toBe('valid');
    await fx.licenses.revoke(license.id, '注销', 'user:test');
    expect((await fx.licenses.verify(document)).status).toBe('revoked');
  });
});

describe('licenses of other cities (互认)', () => {
  const huangshi = foreignCity('黄石市', '420200');
  const stranger = foreignCity('某市', '990100');

  it('accepts a license signed by a trusted city key and shows forged under an untrusted one', async () => {
    const document = huangshi.sign();
    expect(await fx.licenses.verify(document)).toEqual({ status: 'forged', reason: 'untrusted-signer' });
    await fx.licenses.trust.addTrusted({ cityName: huangshi.name, divisionCode: huangshi.divisionCode, publicKeyPem: huangshi.publicKeyPem }, 'user:admin');
    expect(await fx.licenses.verify(document)).toMatchObject({ status: 'valid', signer: { scope: 'trusted', cityName: '黄石市', divisionCode: '420200', fingerprint: huangshi.fingerprint } });
    expect(await fx.licenses.verify(stranger.sign())).toEqual({ status: 'forged', reason: 'untrusted-signer' });
    // A stranger's signature passed off under the trusted city's fingerprint.
    const passedOff = stranger.sign();
    expect(await fx.licenses.verify({ ...passedOff, signature: { ...passedOff.signature, keyFingerprint: huangshi.fingerprint } })).toEqual({ status: 'forged', reason: 'bad-signature' });
    expect((await fx.licenses.verify(huangshi.sign({ validTo: '2026-01-31' }))).status).toBe('expired');
  });

  it('records a foreign license once, finds it for its holder, and refuses what does not verify', async () => {
    const document = huangshi.sign({ holder: { name: '鄂州市创益食品有限公司', code: HOLDERS.entity.code, codeType: '049' } });
    const first = await fx.licenses.importForeign(document, 'user:officer');
    expect(first).toMatchObject({ created: true, license: { origin: 'foreign', identifier: document.content.identifier, jurisdiction: '420200' }, signer: { cityName: '黄石市' } });
    expect((await fx.licenses.importForeign(document, 'user:officer')).created).toBe(false);
    expect((await fx.licenses.listForHolder(HOLDERS.entity.code)).map((l) => l.identifier)).toContain(document.content.identifier);
    expect(await fx.licenses.verify(document.content.identifier)).toMatchObject({ status: 'valid', signer: { scope: 'trusted' } });
    expect(await codeOf(fx.licenses.importForeign(stranger.sign(), 'user:officer'))).toBe('LICENSES_FOREIGN_NOT_ACCEPTED');
    const own = await issueFood();
    const row = (await fx.licenses.service.getRow(own.id))!;
    const ownDocument = { content: fx.licenses.service.decrypt(row), signature: { value: Buffer.from(row.signature).toString('base64'), keyFingerprint: row.key_fingerprint } };
    expect(await codeOf(fx.licenses.importForeign(ownDocument, 'user:officer'))).toBe('LICENSES_FOREIGN_NOT_ACCEPTED');
  });

  it('stops accepting a city key once its trust is revoked', async () => {
    const other = foreignCity('十堰市', '420300');
    await fx.licenses.trust.addTrusted({ cityName: other.name, divisionCode: other.divisionCode, publicKeyPem: other.publicKeyPem }, 'user:admin');
    const document = other.sign();
    expect((await fx.licenses.verify(document)).status).toBe('valid');
    await fx.licenses.trust.revokeTrusted(other.fingerprint, '密钥泄露', 'user:admin');
    expect(await fx.licenses.verify(document)).toEqual({ status: 'forged', reason: 'untrusted-signer' });
    expect(await codeOf(fx.licenses.trust.revokeTrusted(other.fingerprint, '再次', 'user:admin'))).toBe('LICENSES_KEY_NOT_FOUND');
  });

  it('refuses keys that are not SM2 public keys, and keys already known', async () => {
    const add = (publicKeyPem: string) => fx.licenses.trust.addTrusted({ cityName: '某市', divisionCode: '420900', publicKeyPem }, 'user:admin');
    expect(await codeOf(add('not a key'))).toBe('LICENSES_KEY_INVALID');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await codeOf(add(p256))).toBe('LICENSES_KEY_INVALID');
    expect(await codeOf(add(huangshi.publicKeyPem))).toBe('LICENSES_KEY_EXISTS');
    const own = fs.readFileSync(path.join(fx.keysDir, LICENSE_PUBLIC_KEY_FILE), 'utf8');
    expect(await codeOf(add(own))).toBe('LICENSES_KEY_EXISTS');
  });
});

import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl } from '../../kernel/crypto/openssl.testing.js';
import { canonicalBytes } from './canonical.js';
import { LICENSE_PUBLIC_KEY_FILE } from './license-keys.js';
import { HOLDERS, licensesFixture, TYPES, type LicensesFixture } from './licenses.testkit.js';

/*
 * A license issued by yiwang checked by two verifiers that share no code with it: the
 * `openssl` command (Debian's OpenSSL 3, standard SM2 with the default distinguishing ID)
 * and the npm package sm-crypto (`hash: true` applies Z_A with the same default ID).
 */

let fx: LicensesFixture;
let canonical: Buffer;
let signature: Buffer;
let publicKeyPem: string;
const dir = mkdtempSync(join(tmpdir(), 'yiwang-license-interop-'));

beforeAll(async () => {
  fx = await licensesFixture();
  const license = await fx.licenses.issue({ typeCode: TYPES.birth, holder: HOLDERS.person, data: { sex: '女' } }, 'user:test');
  const row = (await fx.licenses.service.getRow(license.id))!;
  // The bytes that were signed are the canonical serialisation of the stored content.
  canonical = canonicalBytes(fx.licenses.service.decrypt(row));
  signature = Buffer.from(row.signature);
  publicKeyPem = readFileSync(join(fx.keysDir, LICENSE_PUBLIC_KEY_FILE), 'utf8');
});

afterAll(async () => {
  await fx?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One byte of the content changed (one bit of a byte just before the surface data). */
function changedByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(Buffer.from('"sex":"', 'utf8')) - 3;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

describe.skipIf(!hasOpenssl())('a yiwang license checked with the openssl command', () => {
  function opensslVerifies(content: Buffer): boolean {
    writeFileSync(join(dir, 'content.json'), content);
    writeFileSync(join(dir, 'signature.der'), signature);
    writeFileSync(join(dir, 'city.pub.pem'), publicKeyPem);
    try {
      const output = execFileSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'city.pub.pem'), '-rawin', '-in', join(dir, 'content.json'),
          '-sigfile', join(dir, 'signature.der'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ).toString();
      return output.includes('Signature Verified Successfully');
    } catch {
      return false;
    }
  }

  it('verifies the signature over the canonical content', () => {
    expect(canonical.toString('utf8')).toContain(HOLDERS.person.code);
    expect(opensslVerifies(canonical)).toBe(true);
  });

  it('fails when one byte of the content is changed', () => {
    expect(opensslVerifies(changedByte(canonical))).toBe(false);
  });
});

describe('a yiwang license checked with sm-crypto', () => {
  const publicKeyHex = () => createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }).subarray(-65).toString('hex');
  const verifies = (content: Buffer) => sm2.doVerifySignature(Array.from(content), signature.toString('hex'), publicKeyHex(), { der: true, hash: true });

  it('verifies the signature over the canonical content', () => {
    expect(verifies(canonical)).toBe(true);
  });

  it('fails when one byte of the content is changed', () => {
    expect(verifies(changedByte(canonical))).toBe(false);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from './sm2.js';
import { hasOpenssl } from './openssl.testing.js';

/*
 * Cross-checks against the `openssl` command (OpenSSL 3), which applies Z_A when given
 * -rawin -digest sm3 -pkeyopt distid:…. Skipped where no openssl binary is installed.
 */

const DIST_ID = 'distid:1234567812345678';

describe.skipIf(!hasOpenssl())('SM2 interoperability with the openssl command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-sm2-'));
  const { privateKeyPem, publicKeyPem } = generateSm2KeyPair();
  const message = Buffer.from('一网统管 interop check\n');
  const paths = {
    privateKey: join(dir, 'key.pem'),
    publicKey: join(dir, 'pub.pem'),
    message: join(dir, 'msg.bin'),
    signature: join(dir, 'sig.der'),
  };
  writeFileSync(paths.privateKey, privateKeyPem);
  writeFileSync(paths.publicKey, publicKeyPem);
  writeFileSync(paths.message, message);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function opensslVerify(): { ok: boolean; output: string } {
    try {
      const output = execFileSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', paths.publicKey, '-rawin', '-in', paths.message,
          '-sigfile', paths.signature, '-digest', 'sm3', '-pkeyopt', DIST_ID],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ).toString();
      return { ok: true, output };
    } catch (error) {
      return { ok: false, output: String((error as { stdout?: Buffer }).stdout ?? '') };
    }
  }

  it('openssl verifies a signature made by sm2Sign', () => {
    writeFileSync(paths.signature, sm2Sign(privateKeyPem, message));
    const result = opensslVerify();
    expect(result.output).toContain('Signature Verified Successfully');
    expect(result.ok).toBe(true);
  });

  it('openssl rejects a signature made under another user ID', () => {
    writeFileSync(paths.signature, sm2Sign(privateKeyPem, message, { userId: 'someone-else' }));
    expect(opensslVerify().ok).toBe(false);
  });

  it('sm2Verify accepts a signature made by openssl', () => {
    const signature = execFileSync('openssl', [
      'pkeyutl', '-sign', '-inkey', paths.privateKey, '-rawin', '-in', paths.message,
      '-digest', 'sm3', '-pkeyopt', DIST_ID,
    ]);
    expect(sm2Verify(publicKeyPem, message, signature)).toBe(true);
    expect(sm2Verify(publicKeyPem, Buffer.concat([message, Buffer.of(0)]), signature)).toBe(false);
    expect(sm2Verify(publicKeyPem, message, signature, { userId: 'someone-else' })).toBe(false);
  });

  it('openssl reads the generated keys', () => {
    const privateText = execFileSync('openssl', ['pkey', '-in', paths.privateKey, '-noout', '-text']).toString();
    const publicText = execFileSync('openssl', ['pkey', '-pubin', '-in', paths.publicKey, '-noout', '-text']).toString();
    expect(privateText).toContain('ASN1 OID: SM2');
    expect(publicText).toContain('ASN1 OID: SM2');
  });
});

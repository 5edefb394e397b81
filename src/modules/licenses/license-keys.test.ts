import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../../kernel/crypto/index.js';
import { LICENSE_PRIVATE_KEY_FILE, LICENSE_PUBLIC_KEY_FILE, loadOrCreateLicenseKey, publicKeyFingerprint } from './license-keys.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-license-keys-'));
  dirs.push(dir);
  return path.join(dir, 'keys');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the city license signing key', () => {
  it('is created once, private key 0600, and read back the same', () => {
    const dir = tempDir();
    const first = loadOrCreateLicenseKey(dir);
    expect((fs.statSync(path.join(dir, LICENSE_PRIVATE_KEY_FILE)).mode & 0o777).toString(8)).toBe('600');
    const again = loadOrCreateLicenseKey(dir);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toBe(publicKeyFingerprint(fs.readFileSync(path.join(dir, LICENSE_PUBLIC_KEY_FILE), 'utf8')));
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a public key without its private key, and a public key of another pair', () => {
    const dir = tempDir();
    loadOrCreateLicenseKey(dir);
    fs.renameSync(path.join(dir, LICENSE_PRIVATE_KEY_FILE), path.join(dir, 'moved.pem'));
    expect(() => loadOrCreateLicenseKey(dir)).toThrow(/does not/);
    fs.renameSync(path.join(dir, 'moved.pem'), path.join(dir, LICENSE_PRIVATE_KEY_FILE));
    fs.writeFileSync(path.join(dir, LICENSE_PUBLIC_KEY_FILE), generateSm2KeyPair().publicKeyPem);
    expect(() => loadOrCreateLicenseKey(dir)).toThrow(/does not belong/);
  });

  it('re-derives a missing public key from the private key', () => {
    const dir = tempDir();
    const first = loadOrCreateLicenseKey(dir);
    fs.rmSync(path.join(dir, LICENSE_PUBLIC_KEY_FILE));
    expect(loadOrCreateLicenseKey(dir).fingerprint).toBe(first.fingerprint);
  });
});

import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm3Hex } from '../crypto/index.js';
import { AUDIT_PRIVATE_KEY_FILE, AUDIT_PUBLIC_KEY_FILE, auditKeyFingerprint, loadOrCreateAuditKeys } from './audit-keys.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-audit-keys-'));
  dirs.push(dir);
  return dir;
}

describe('loadOrCreateAuditKeys', () => {
  it('creates an SM2 key pair once, the private key readable by its owner only', () => {
    const dir = path.join(tempDir(), 'keys');
    const created = loadOrCreateAuditKeys(dir);
    expect(created.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(created.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(fs.statSync(path.join(dir, AUDIT_PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual([AUDIT_PRIVATE_KEY_FILE, AUDIT_PUBLIC_KEY_FILE].sort());
    expect(loadOrCreateAuditKeys(dir)).toEqual(created);
  });

  it('reads an existing pair and re-derives a missing public key', () => {
    const dir = tempDir();
    const pair = generateSm2KeyPair();
    fs.writeFileSync(path.join(dir, AUDIT_PRIVATE_KEY_FILE), pair.privateKeyPem, { mode: 0o600 });
    expect(loadOrCreateAuditKeys(dir)).toEqual(pair);
    expect(fs.readFileSync(path.join(dir, AUDIT_PUBLIC_KEY_FILE), 'utf8')).toBe(pair.publicKeyPem);
  });

  it('will not replace a lost private key silently, nor accept a mismatched pair', () => {
    const lonely = tempDir();
    fs.writeFileSync(path.join(lonely, AUDIT_PUBLIC_KEY_FILE), generateSm2KeyPair().publicKeyPem);
    expect(() => loadOrCreateAuditKeys(lonely)).toThrow(/does not/);

    const mixed = tempDir();
    fs.writeFileSync(path.join(mixed, AUDIT_PRIVATE_KEY_FILE), generateSm2KeyPair().privateKeyPem);
    fs.writeFileSync(path.join(mixed, AUDIT_PUBLIC_KEY_FILE), generateSm2KeyPair().publicKeyPem);
    expect(() => loadOrCreateAuditKeys(mixed)).toThrow(/does not belong/);
  });
});

describe('auditKeyFingerprint', () => {
  it('is SM3 of the SubjectPublicKeyInfo DER', () => {
    const { publicKeyPem } = generateSm2KeyPair();
    const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(auditKeyFingerprint(publicKeyPem)).toBe(sm3Hex(der));
    expect(auditKeyFingerprint(publicKeyPem)).toMatch(/^[0-9a-f]{64}$/);
  });
});

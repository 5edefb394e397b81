import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm3Hex } from '../crypto/index.js';
import { createFileExclusively } from '../files/index.js';

/** The SM2 key pair that signs audit checkpoints, as PEM. */
export interface AuditKeys {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM: what `yiwang audit verify` and auditors need. */
  publicKeyPem: string;
}

export const AUDIT_PRIVATE_KEY_FILE = 'audit-sm2.key.pem';
export const AUDIT_PUBLIC_KEY_FILE = 'audit-sm2.pub.pem';

/** SM3 of the public key's SubjectPublicKeyInfo DER, lower-case hex. */
export function auditKeyFingerprint(publicKeyPem: string): string {
  return sm3Hex(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }));
}

/** The public key PEM that belongs to a private key PEM. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * @throws Error unless the two PEMs are an SM2 key pair that belongs together.
 */
export function assertAuditKeyPair(keys: AuditKeys): void {
  // Node cannot name an SM2 key's type; a probe signature proves the curve and the pairing.
  const probe = 'yiwang-audit-key-check';
  let matches: boolean;
  try {
    matches = sm2Verify(keys.publicKeyPem, probe, sm2Sign(keys.privateKeyPem, probe));
  } catch (error) {
    throw new Error(`the audit keys are not a usable SM2 key pair: ${(error as Error).message}`, { cause: error });
  }
  if (!matches) {
    throw new Error('the audit public key does not belong to the audit private key');
  }
}

/**
 * Reads `audit-sm2.key.pem` and `audit-sm2.pub.pem` from `dir`, creating the directory
 * (0700) and a fresh SM2 key pair (private key 0600) when there is none. Creation is
 * atomic and exclusive, so nodes starting together end up with one key. A missing public
 * key is re-derived from the private one; a public key without its private key is an
 * error rather than a silent new key, since old checkpoints verify only with the old key.
 */
export function loadOrCreateAuditKeys(dir: string): AuditKeys {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateFile = path.join(dir, AUDIT_PRIVATE_KEY_FILE);
  const publicFile = path.join(dir, AUDIT_PUBLIC_KEY_FILE);

  if (!fs.existsSync(privateFile)) {
    if (fs.existsSync(publicFile)) {
      throw new Error(
        `${publicFile} exists but ${privateFile} does not: restore the private key from backup, ` +
          'or move the public key away to start a new key (keep it to verify old checkpoints)',
      );
    }
    createFileExclusively(privateFile, generateSm2KeyPair().privateKeyPem, 0o600);
  }
  const privateKeyPem = fs.readFileSync(privateFile, 'utf8');
  if (!fs.existsSync(publicFile)) {
    createFileExclusively(publicFile, publicKeyPemOf(privateKeyPem), 0o644);
  }
  const keys = { privateKeyPem, publicKeyPem: fs.readFileSync(publicFile, 'utf8') };
  assertAuditKeyPair(keys);
  return keys;
}

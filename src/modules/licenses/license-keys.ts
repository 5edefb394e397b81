import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm3Hex, type Sm2KeyPairPem } from '../../kernel/crypto/index.js';
import { createFileExclusively } from '../../kernel/files/index.js';

export const LICENSE_PRIVATE_KEY_FILE = 'licenses-sm2.key.pem';
export const LICENSE_PUBLIC_KEY_FILE = 'licenses-sm2.pub.pem';

/** The city's license signing key (PEM) and the fingerprint that names it in documents. */
export interface LicenseSigningKey extends Sm2KeyPairPem {
  fingerprint: string;
}

/** SM3 of the key's SubjectPublicKeyInfo DER, lower-case hex: how documents name their signer. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  return sm3Hex(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }));
}

/**
 * The PEM of a public SM2 key in its normal SPKI form, after proving it is one (a probe
 * verification runs the SM2 key checks).
 * @throws CryptoError `CRYPTO_KEY_INVALID` when it is not an SM2 public key.
 */
export function normaliseSm2PublicKey(publicKeyPem: string): string {
  sm2Verify(publicKeyPem, 'probe', Buffer.alloc(0));
  return createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Reads the city's license signing key pair from `dir`, creating the directory (0700) and a
 * fresh SM2 pair (private key 0600) when there is none. Separate from the audit key: the two
 * are rotated and handed to other parties independently. A public key without its private
 * key is an error, not a new key: licenses already issued verify only with the old one.
 */
export function loadOrCreateLicenseKey(dir: string): LicenseSigningKey {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateFile = path.join(dir, LICENSE_PRIVATE_KEY_FILE);
  const publicFile = path.join(dir, LICENSE_PUBLIC_KEY_FILE);
  if (!fs.existsSync(privateFile)) {
    if (fs.existsSync(publicFile)) {
      throw new Error(`${publicFile} exists but ${privateFile} does not: restore the private key, or move the public key away to start a new one`);
    }
    createFileExclusively(privateFile, generateSm2KeyPair().privateKeyPem, 0o600);
  }
  const privateKeyPem = fs.readFileSync(privateFile, 'utf8');
  if (!fs.existsSync(publicFile)) {
    createFileExclusively(publicFile, createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  }
  const publicKeyPem = fs.readFileSync(publicFile, 'utf8');
  const probe = 'yiwang-license-key-check';
  if (!sm2Verify(publicKeyPem, probe, sm2Sign(privateKeyPem, probe))) {
    throw new Error(`${publicFile} does not belong to ${privateFile}`);
  }
  return { privateKeyPem, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}

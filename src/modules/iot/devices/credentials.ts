import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sm3Hex } from '../../../kernel/crypto/index.js';

const CREDENTIAL = /^ywd_([a-z0-9]{10})_[A-Za-z0-9_-]{43}$/;

/**
 * A device's publishing credential, `ywd_<prefix>_<secret>`: shown once when issued; only
 * its SM3 hash is stored, the prefix finds the device.
 */
export function newDeviceCredential(): { credential: string; prefix: string; hash: string } {
  const prefix = randomBytes(8).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 10);
  const credential = `ywd_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { credential, prefix, hash: sm3Hex(credential) };
}

/** The prefix of a well-formed credential, or null. */
export function credentialPrefix(credential: string): string | null {
  return CREDENTIAL.exec(credential)?.[1] ?? null;
}

export function credentialMatches(credential: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(sm3Hex(credential), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

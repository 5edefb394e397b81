import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoError } from './crypto.errors.js';
import { hmacSm3 } from './sm3.js';

/*
 * Field encryption for data at rest.
 *
 * Node 20 / OpenSSL 3.0 ship SM4 in ECB, CBC, CFB, OFB and CTR only — no SM4-GCM — so
 * the authenticated construction is SM4-CBC with a random IV, then HMAC-SM3 over
 * everything (encrypt-then-MAC). Format version 1:
 *
 *   0x01 ‖ IV (16) ‖ SM4-CBC ciphertext, PKCS#7 padded (16·k, k ≥ 1) ‖ tag (32)
 *
 *   tag = HMAC-SM3(macKey, 0x01 ‖ IV ‖ len(AAD) as u64 BE ‖ AAD ‖ ciphertext)
 *
 * The first byte lets a later format (e.g. SM4-GCM once OpenSSL offers it) live beside
 * this one: decryption dispatches on it.
 */

const FORMAT_V1 = 0x01;
const KEY_BYTES = 16;
const BLOCK_BYTES = 16;
const TAG_BYTES = 32;
const HEADER_BYTES = 1 + BLOCK_BYTES;
const MIN_V1_BYTES = HEADER_BYTES + BLOCK_BYTES + TAG_BYTES;

// Distinct labels give independent encryption and MAC keys from the one field key,
// so the same secret is never used by two primitives.
const ENC_KEY_LABEL = 'yiwang/sm4-field/v1/enc';
const MAC_KEY_LABEL = 'yiwang/sm4-field/v1/mac';

export interface Sm4Options {
  /**
   * Context bound into the tag but not stored, e.g. `"citizen.phone:" + rowId`. A
   * ciphertext then decrypts only with the same context, so it cannot be moved
   * silently to another row or column.
   */
  associatedData?: Buffer | string;
}

/**
 * Encrypts `plaintext` (UTF-8 if a string) under a 16-byte SM4 key.
 * The output is self-describing (first byte = format version) and authenticated.
 */
export function sm4Encrypt(key: Buffer, plaintext: Buffer | string, options: Sm4Options = {}): Buffer {
  const { encKey, macKey } = deriveV1Keys(key);
  const iv = randomBytes(BLOCK_BYTES);
  const cipher = createCipheriv('sm4-cbc', encKey, iv);
  const body = Buffer.concat([cipher.update(toBuffer(plaintext)), cipher.final()]);
  const header = Buffer.concat([Buffer.of(FORMAT_V1), iv]);
  const tag = v1Tag(macKey, header, body, options.associatedData);
  return Buffer.concat([header, body, tag]);
}

/**
 * Decrypts the output of {@link sm4Encrypt}.
 * @throws CryptoError `CRYPTO_CIPHERTEXT_INVALID` if the data was altered, truncated, or
 *   the key or associated data differ; `CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED` for an
 *   unknown format byte; `CRYPTO_KEY_INVALID` for a key that is not 16 bytes.
 */
export function sm4Decrypt(key: Buffer, ciphertext: Buffer, options: Sm4Options = {}): Buffer {
  const version = ciphertext[0];
  if (version === undefined) {
    throw new CryptoError('CRYPTO_CIPHERTEXT_INVALID', 'SM4 ciphertext is empty');
  }
  if (version !== FORMAT_V1) {
    throw new CryptoError(
      'CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED',
      `SM4 ciphertext format version ${version} is not supported`,
    );
  }
  const { encKey, macKey } = deriveV1Keys(key);
  const bodyBytes = ciphertext.length - HEADER_BYTES - TAG_BYTES;
  if (ciphertext.length < MIN_V1_BYTES || bodyBytes % BLOCK_BYTES !== 0) {
    throw new CryptoError('CRYPTO_CIPHERTEXT_INVALID', 'SM4 ciphertext has an impossible length');
  }
  const header = ciphertext.subarray(0, HEADER_BYTES);
  const body = ciphertext.subarray(HEADER_BYTES, HEADER_BYTES + bodyBytes);
  const tag = ciphertext.subarray(HEADER_BYTES + bodyBytes);
  const expected = v1Tag(macKey, header, body, options.associatedData);
  // Check the tag before touching the padding, so no padding oracle exists.
  if (!timingSafeEqual(tag, expected)) {
    throw new CryptoError(
      'CRYPTO_CIPHERTEXT_INVALID',
      'SM4 ciphertext failed authentication (tampered, or wrong key or associated data)',
    );
  }
  try {
    const decipher = createDecipheriv('sm4-cbc', encKey, header.subarray(1));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    // Unreachable unless the MAC key was right and the encryption key wrong.
    throw new CryptoError('CRYPTO_CIPHERTEXT_INVALID', 'SM4 ciphertext padding is invalid');
  }
}

/**
 * Raw SM4 encryption of one 16-byte block (ECB, no padding). For known-answer tests
 * only: ECB leaks equal blocks, never use it for data.
 */
export function sm4EncryptBlockEcb(key: Buffer, block16: Buffer): Buffer {
  assertKeyLength(key);
  if (block16.length !== BLOCK_BYTES) {
    throw new CryptoError('CRYPTO_ARGUMENT_INVALID', `SM4 block must be 16 bytes, got ${block16.length}`);
  }
  const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(block16), cipher.final()]);
}

function deriveV1Keys(key: Buffer): { encKey: Buffer; macKey: Buffer } {
  assertKeyLength(key);
  return {
    encKey: hmacSm3(key, ENC_KEY_LABEL).subarray(0, KEY_BYTES),
    macKey: hmacSm3(key, MAC_KEY_LABEL),
  };
}

function v1Tag(macKey: Buffer, header: Buffer, body: Buffer, associatedData?: Buffer | string): Buffer {
  const aad = associatedData === undefined ? Buffer.alloc(0) : toBuffer(associatedData);
  const aadLength = Buffer.alloc(8);
  aadLength.writeBigUInt64BE(BigInt(aad.length));
  return hmacSm3(macKey, Buffer.concat([header, aadLength, aad, body]));
}

function assertKeyLength(key: Buffer): void {
  if (key.length !== KEY_BYTES) {
    throw new CryptoError('CRYPTO_KEY_INVALID', `SM4 key must be 16 bytes, got ${key.length}`);
  }
}

function toBuffer(data: Buffer | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

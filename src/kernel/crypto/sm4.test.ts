import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cryptoErrorCodeOf } from './crypto-error-code.testing.js';
import { sm4Decrypt, sm4Encrypt, sm4EncryptBlockEcb } from './sm4.js';

const VECTOR = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');


describe('SM4 block cipher (GB/T 32907 known answers)', () => {
  it('encrypts the standard block once', () => {
    expect(sm4EncryptBlockEcb(VECTOR, VECTOR).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('encrypts the standard block 1,000,000 times', () => {
    // CBC with a zero IV over [x, 0, 0, …] computes C_i = E(0 ⊕ C_(i−1)) = E^i(x): one
    // native call instead of a million update() calls (about 150 ms against 1–2 s).
    const rounds = 1_000_000;
    const input = Buffer.alloc(16 * rounds);
    VECTOR.copy(input);
    const cipher = createCipheriv('sm4-cbc', VECTOR, Buffer.alloc(16)).setAutoPadding(false);
    const output = cipher.update(input);
    expect(output.subarray(output.length - 16).toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  it('rejects a block that is not 16 bytes', () => {
    expect(cryptoErrorCodeOf(() => sm4EncryptBlockEcb(VECTOR, Buffer.alloc(15)))).toBe('CRYPTO_ARGUMENT_INVALID');
  });
});

describe('sm4Encrypt / sm4Decrypt', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.of(42)],
    ['exactly one block', Buffer.alloc(16, 1)],
    ['several blocks', Buffer.alloc(1000, 9)],
  ])('round-trips %s plaintext', (_label, plaintext) => {
    expect(sm4Decrypt(KEY, sm4Encrypt(KEY, plaintext)).equals(plaintext)).toBe(true);
  });

  it('round-trips a string as UTF-8', () => {
    const ciphertext = sm4Encrypt(KEY, '湖北省鄂州市 13800000000');
    expect(sm4Decrypt(KEY, ciphertext).toString('utf8')).toBe('湖北省鄂州市 13800000000');
  });

  it('writes version 1, a random IV, padded body and a 32-byte tag', () => {
    const first = sm4Encrypt(KEY, 'same');
    const second = sm4Encrypt(KEY, 'same');
    expect(first[0]).toBe(1);
    expect(first).toHaveLength(1 + 16 + 16 + 32);
    expect(first.equals(second)).toBe(false);
  });

  it('detects a flipped bit anywhere in the ciphertext', () => {
    const ciphertext = sm4Encrypt(KEY, 'a field value spanning two blocks');
    for (let i = 0; i < ciphertext.length; i += 1) {
      const tampered = Buffer.from(ciphertext);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      const expected = i === 0 ? 'CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED' : 'CRYPTO_CIPHERTEXT_INVALID';
      expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, tampered))).toBe(expected);
    }
  });

  it('detects truncation and appended bytes', () => {
    const ciphertext = sm4Encrypt(KEY, 'value');
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, ciphertext.subarray(0, ciphertext.length - 1)))).toBe(
      'CRYPTO_CIPHERTEXT_INVALID',
    );
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, ciphertext.subarray(0, ciphertext.length - 16)))).toBe(
      'CRYPTO_CIPHERTEXT_INVALID',
    );
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, Buffer.concat([ciphertext, Buffer.alloc(16)])))).toBe(
      'CRYPTO_CIPHERTEXT_INVALID',
    );
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, Buffer.alloc(0)))).toBe('CRYPTO_CIPHERTEXT_INVALID');
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, Buffer.of(1)))).toBe('CRYPTO_CIPHERTEXT_INVALID');
  });

  it('fails with the wrong key', () => {
    const otherKey = Buffer.from(KEY);
    otherKey[15] = (otherKey[15] as number) ^ 0x80;
    expect(cryptoErrorCodeOf(() => sm4Decrypt(otherKey, sm4Encrypt(KEY, 'value')))).toBe('CRYPTO_CIPHERTEXT_INVALID');
  });

  it('binds associated data: decrypts only in the same context', () => {
    const ciphertext = sm4Encrypt(KEY, '13800000000', { associatedData: 'citizen.phone:42' });
    expect(sm4Decrypt(KEY, ciphertext, { associatedData: 'citizen.phone:42' }).toString()).toBe('13800000000');
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, ciphertext, { associatedData: 'citizen.phone:43' }))).toBe(
      'CRYPTO_CIPHERTEXT_INVALID',
    );
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, ciphertext))).toBe('CRYPTO_CIPHERTEXT_INVALID');
  });

  it('names an unknown format version as unsupported', () => {
    const ciphertext = sm4Encrypt(KEY, 'value');
    ciphertext[0] = 2;
    expect(cryptoErrorCodeOf(() => sm4Decrypt(KEY, ciphertext))).toBe('CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED');
  });

  it('rejects keys that are not 16 bytes', () => {
    expect(cryptoErrorCodeOf(() => sm4Encrypt(Buffer.alloc(32), 'value'))).toBe('CRYPTO_KEY_INVALID');
    expect(cryptoErrorCodeOf(() => sm4Decrypt(Buffer.alloc(15), sm4Encrypt(KEY, 'value')))).toBe('CRYPTO_KEY_INVALID');
  });
});

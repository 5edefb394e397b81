import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoErrorCodeOf } from './crypto-error-code.testing.js';
import { createFieldCipher, FIELD_KEY_FILE, loadOrCreateFieldKey, SEAL_HEADER_BYTES, SEAL_TAG_BYTES } from './field-cipher.js';
import { sm3JsForTests } from './sm3-js.js';
import { hmacSm3, sm3 } from './sm3.js';

const MASTER = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const AAD = 'registry_person.id_number';


describe('SM3 in JavaScript (the fast path of the field cipher)', () => {
  it('gives the GB/T 32905 known answers', () => {
    expect(sm3JsForTests.sm3(Buffer.from('abc')).toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3JsForTests.sm3(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('agrees with OpenSSL for SM3 and HMAC-SM3 over every length up to three blocks', () => {
    for (let length = 0; length <= 200; length++) {
      const message = randomBytes(length);
      const key = randomBytes(1 + (length % 100));
      expect(sm3JsForTests.sm3(message).equals(sm3(message))).toBe(true);
      expect(sm3JsForTests.hmac(key, message).equals(hmacSm3(key, message))).toBe(true);
    }
  });
});

describe('field cipher', () => {
  const cipher = createFieldCipher(MASTER);

  it('round-trips values, including empty and non-ASCII ones, with random IVs', () => {
    for (const value of ['11010519491231002X', '13812345678', '', '张三丰', 'x'.repeat(100)]) {
      const a = cipher.encrypt(value, AAD);
      const b = cipher.encrypt(value, AAD);
      expect(a.equals(b)).toBe(false);
      expect(a.length).toBe(1 + 16 + Buffer.byteLength(value) + 16);
      expect(cipher.decrypt(a, AAD)).toBe(value);
      expect(cipher.decrypt(new Uint8Array(b), AAD)).toBe(value);
    }
  });

  it('encrypts a batch to what one-by-one decryption reads back', () => {
    const values = Array.from({ length: 500 }, (_, i) => `4207041980${String(i).padStart(8, '0')}`.slice(0, 10 + (i % 9)));
    const encrypted = cipher.encryptMany(values, AAD);
    expect(encrypted.map((c) => cipher.decrypt(c, AAD))).toEqual(values);
  });

  const laidOut = (values: string[], aad: string) => {
    const buffer = Buffer.allocUnsafeSlow(1000).fill(0xee);
    const layout = { aad, count: values.length, at: new Int32Array(values.length), lengths: new Int32Array(values.length), indexAt: new Int32Array(values.length) };
    let offset = 3;
    values.forEach((value, i) => {
      layout.indexAt[i] = offset;
      layout.at[i] = offset + 16;
      layout.lengths[i] = buffer.write(value, offset + 16 + SEAL_HEADER_BYTES);
      offset += 16 + SEAL_HEADER_BYTES + layout.lengths[i]! + SEAL_TAG_BYTES + 5;
    });
    return { buffer, layout };
  };
  const expectSealed = (buffer: Buffer, layout: ReturnType<typeof laidOut>['layout'], values: string[]) => {
    values.forEach((value, i) => {
      expect(buffer.subarray(layout.indexAt[i], layout.indexAt[i]! + 16).equals(cipher.blindIndex(value))).toBe(true);
      const sealed = buffer.subarray(layout.at[i], layout.at[i]! + SEAL_HEADER_BYTES + layout.lengths[i]! + SEAL_TAG_BYTES);
      expect(cipher.decrypt(sealed, layout.aad)).toBe(value);
      // The gaps between the values are left alone.
      expect(buffer[layout.at[i]! + sealed.length]).toBe(0xee);
    });
    expect(buffer[0]).toBe(0xee);
  };

  it('seals values and takes their blind indexes where a bulk writer laid them out, as encrypt and blindIndex would', () => {
    const values = ['11010519491231002X', '', '13812345678', '张三丰', 'x'.repeat(70)];
    const { buffer, layout } = laidOut(values, AAD);
    cipher.sealLaidOut(buffer, [layout]);
    expectSealed(buffer, layout, values);
  });

  it('seals on a worker thread what sealLaidOut would seal here', async () => {
    const worker = cipher.startSealWorker();
    try {
      const jobs = [['11010519491231002X', '13812345678'], ['张三丰', '']].map((values) => ({ values, ...laidOut(values, AAD) }));
      const sealed = await Promise.all(jobs.map(({ buffer, layout }) => worker.seal(buffer.subarray(1), [{ ...layout, at: layout.at.map((a) => a - 1), indexAt: layout.indexAt.map((a) => a - 1) }])));
      jobs.forEach(({ values, buffer, layout }, i) => {
        expect(buffer.length).toBe(0);
        expectSealed(Buffer.from(sealed[i]!.buffer, 0, 1000), layout, values);
      });
    } finally {
      await worker.close();
    }
    await expect(worker.seal(Buffer.allocUnsafeSlow(10), [])).rejects.toThrow(/closed/);
  });

  it('is SM4-CTR as OpenSSL computes it, the counter carrying across bytes', () => {
    const encKey = hmacSm3(MASTER, 'yiwang/field/v1/sm4').subarray(0, 16);
    const columnKey = hmacSm3(hmacSm3(MASTER, 'yiwang/field/v1/mac'), `aad:${AAD}`);
    const value = 'a value that spans three SM4 blocks..';
    for (const ivHex of ['00'.repeat(16), 'ff'.repeat(16), `${'00'.repeat(13)}00fffe`, randomBytes(16).toString('hex')]) {
      const iv = Buffer.from(ivHex, 'hex');
      const cipherCtr = createCipheriv('sm4-ctr', encKey, iv);
      const body = Buffer.concat([cipherCtr.update(value), cipherCtr.final()]);
      const unsigned = Buffer.concat([Buffer.of(1), iv, body]);
      const forged = Buffer.concat([unsigned, hmacSm3(columnKey, unsigned).subarray(0, 16)]);
      expect(cipher.decrypt(forged, AAD)).toBe(value);
    }
    const ours = cipher.encrypt(value, AAD);
    const decipher = createDecipheriv('sm4-ctr', encKey, ours.subarray(1, 17));
    expect(Buffer.concat([decipher.update(ours.subarray(17, ours.length - 16)), decipher.final()]).toString('utf8')).toBe(value);
  });

  it('fails on tampering, on another column and under another key', () => {
    const ciphertext = cipher.encrypt('11010519491231002X', AAD);
    for (let i = 0; i < ciphertext.length; i++) {
      const flipped = Buffer.from(ciphertext);
      flipped[i] = (flipped[i] as number) ^ 0x01;
      expect(cryptoErrorCodeOf(() => cipher.decrypt(flipped, AAD))).toMatch(/^CRYPTO_CIPHERTEXT_(INVALID|VERSION_UNSUPPORTED)$/);
    }
    expect(cryptoErrorCodeOf(() => cipher.decrypt(ciphertext, 'registry_person.phone'))).toBe('CRYPTO_CIPHERTEXT_INVALID');
    expect(cryptoErrorCodeOf(() => createFieldCipher(randomBytes(32)).decrypt(ciphertext, AAD))).toBe('CRYPTO_CIPHERTEXT_INVALID');
    expect(cryptoErrorCodeOf(() => cipher.decrypt(ciphertext.subarray(0, 20), AAD))).toBe('CRYPTO_CIPHERTEXT_INVALID');
    expect(cryptoErrorCodeOf(() => cipher.decrypt(Buffer.alloc(0), AAD))).toBe('CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED');
    expect(cryptoErrorCodeOf(() => cipher.encrypt('x', ''))).toBe('CRYPTO_ARGUMENT_INVALID');
  });

  it('gives deterministic 16-byte blind indexes that depend on the key', () => {
    const a = cipher.blindIndex('11010519491231002X');
    expect(a).toHaveLength(16);
    expect(cipher.blindIndex('11010519491231002X').equals(a)).toBe(true);
    expect(cipher.blindIndex('11010519491231002x').equals(a)).toBe(false);
    expect(createFieldCipher(randomBytes(32)).blindIndex('11010519491231002X').equals(a)).toBe(false);
    // Not the MAC or the encryption key: the index key is its own derivation.
    const indexKey = hmacSm3(MASTER, 'yiwang/field/v1/blind-index');
    expect(a.equals(hmacSm3(indexKey, '11010519491231002X').subarray(0, 16))).toBe(true);
  });

  it('names its key by a fingerprint and refuses a key that is not 32 bytes', () => {
    expect(cipher.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(createFieldCipher(Buffer.from(MASTER)).fingerprint).toBe(cipher.fingerprint);
    expect(cryptoErrorCodeOf(() => createFieldCipher(randomBytes(16)))).toBe('CRYPTO_KEY_INVALID');
  });
});

describe('loadOrCreateFieldKey', () => {
  it('creates a 0600 key file once and reads the same key back', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-fk-')), 'keys');
    const first = loadOrCreateFieldKey({ dir });
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, FIELD_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateFieldKey({ dir }).equals(first)).toBe(true);
  });

  it('prefers the configured key and rejects malformed ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-fk-'));
    expect(loadOrCreateFieldKey({ hex: MASTER.toString('hex'), dir }).equals(MASTER)).toBe(true);
    expect(fs.existsSync(path.join(dir, FIELD_KEY_FILE))).toBe(false);
    expect(cryptoErrorCodeOf(() => loadOrCreateFieldKey({ hex: 'abc', dir }))).toBe('CRYPTO_KEY_INVALID');
    fs.writeFileSync(path.join(dir, FIELD_KEY_FILE), 'not a key');
    expect(cryptoErrorCodeOf(() => loadOrCreateFieldKey({ dir }))).toBe('CRYPTO_KEY_INVALID');
  });
});

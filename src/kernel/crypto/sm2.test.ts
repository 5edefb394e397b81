import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cryptoErrorCodeOf } from './crypto-error-code.testing.js';
import { SM2_N } from './sm2-curve.js';
import { generateSm2KeyPair, sm2Sign, sm2SignWithScalar, sm2Verify, sm2VerifyWithPoint, sm2Za } from './sm2.js';
import { sm2PublicPointFromScalar } from './sm2-keys.js';

// GB/T 32918.2 example on the recommended curve, message "message digest", default ID.
const KAT = {
  d: 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n,
  xA: '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020',
  yA: 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  za: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n,
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
  message: 'message digest',
};

// Fixed DER headers for an SM2 SPKI and a PKCS#8 (ECPrivateKey without the optional
// public key), so the example key can be fed through the PEM API.
const SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';
const PKCS8_PREFIX = '3041020100301306072a8648ce3d020106082a811ccf5501822d042730250201010420';

function pem(label: string, derHex: string): string {
  const base64 = Buffer.from(derHex, 'hex').toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

const katPublicKeyPem = pem('PUBLIC KEY', `${SPKI_PREFIX}04${KAT.xA}${KAT.yA}`);
const katPrivateKeyPem = pem('PRIVATE KEY', `${PKCS8_PREFIX}${KAT.d.toString(16).padStart(64, '0')}`);
const katSignatureDer = Buffer.from(`3046022100${KAT.r}022100${KAT.s}`, 'hex');


describe('SM2 signature known answer (GB/T 32918.2)', () => {
  it('derives the example public key from d', () => {
    const point = sm2PublicPointFromScalar(KAT.d);
    expect(point.x.toString(16).padStart(64, '0')).toBe(KAT.xA);
    expect(point.y.toString(16).padStart(64, '0')).toBe(KAT.yA);
  });

  it('computes Z_A with the default user ID', () => {
    expect(sm2Za(katPublicKeyPem).toString('hex')).toBe(KAT.za);
    expect(sm2Za(katPublicKeyPem, '1234567812345678').toString('hex')).toBe(KAT.za);
  });

  it('produces the example (r, s) from d and k', () => {
    const { r, s } = sm2SignWithScalar(KAT.d, KAT.message, { k: KAT.k });
    expect(r.toString(16)).toBe(KAT.r);
    expect(s.toString(16)).toBe(KAT.s);
  });

  it('produces the same signature as DER through the PEM API', () => {
    expect(sm2Sign(katPrivateKeyPem, KAT.message, { k: KAT.k }).toString('hex')).toBe(katSignatureDer.toString('hex'));
  });

  it('verifies the example signature, and rejects it for another message or user ID', () => {
    expect(sm2Verify(katPublicKeyPem, KAT.message, katSignatureDer)).toBe(true);
    expect(sm2Verify(katPublicKeyPem, 'message digesT', katSignatureDer)).toBe(false);
    expect(sm2Verify(katPublicKeyPem, KAT.message, katSignatureDer, { userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    const point = sm2PublicPointFromScalar(KAT.d);
    const r = BigInt(`0x${KAT.r}`);
    const s = BigInt(`0x${KAT.s}`);
    expect(sm2VerifyWithPoint(point, KAT.message, { r, s })).toBe(true);
    expect(sm2VerifyWithPoint(point, KAT.message, { r: r + 1n, s })).toBe(false);
    expect(sm2VerifyWithPoint(point, KAT.message, { r, s: s - 1n })).toBe(false);
  });
});

describe('sm2Sign / sm2Verify with generated keys', () => {
  const { privateKeyPem, publicKeyPem } = generateSm2KeyPair();
  const message = Buffer.from('鄂州市政务服务事项 #42');

  it('generates PKCS#8 and SPKI PEM', () => {
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('verifies its own signature, and a fresh k makes each signature different', () => {
    const first = sm2Sign(privateKeyPem, message);
    const second = sm2Sign(privateKeyPem, message);
    expect(first.equals(second)).toBe(false);
    expect(sm2Verify(publicKeyPem, message, first)).toBe(true);
    expect(sm2Verify(publicKeyPem, message, second)).toBe(true);
  });

  it('rejects a flipped message bit', () => {
    const signature = sm2Sign(privateKeyPem, message);
    const altered = Buffer.from(message);
    altered[3] = (altered[3] as number) ^ 0x01;
    expect(sm2Verify(publicKeyPem, altered, signature)).toBe(false);
  });

  it('binds the user ID', () => {
    const signature = sm2Sign(privateKeyPem, message, { userId: 'ezhou-bdb@yiwang' });
    expect(sm2Verify(publicKeyPem, message, signature, { userId: 'ezhou-bdb@yiwang' })).toBe(true);
    expect(sm2Verify(publicKeyPem, message, signature)).toBe(false);
  });

  it('rejects the signature under another key', () => {
    const other = generateSm2KeyPair();
    expect(sm2Verify(other.publicKeyPem, message, sm2Sign(privateKeyPem, message))).toBe(false);
  });

  it('returns false, never throws, for malformed signatures', () => {
    const valid = sm2Sign(privateKeyPem, message);
    const nHex = SM2_N.toString(16);
    const malformed: Record<string, Buffer> = {
      empty: Buffer.alloc(0),
      garbage: Buffer.from('not a signature at all'),
      truncated: valid.subarray(0, valid.length - 1),
      'trailing byte': Buffer.concat([valid, Buffer.of(0)]),
      'bare SEQUENCE header': Buffer.of(0x30, 0x46),
      'indefinite length': Buffer.concat([Buffer.of(0x30, 0x80), valid.subarray(2), Buffer.of(0, 0)]),
      'r = 0': Buffer.from('3006020100020101', 'hex'),
      'negative r': Buffer.from('3006020181020101', 'hex'),
      'r with a superfluous leading zero': Buffer.from('300702020001020101', 'hex'),
      's = n': Buffer.from(`3026020101022100${nHex}`, 'hex'),
      'one INTEGER only': Buffer.from('3003020101', 'hex'),
    };
    for (const [label, signature] of Object.entries(malformed)) {
      expect(sm2Verify(publicKeyPem, message, signature), label).toBe(false);
    }
  });

  it('does not accept the non-standard signatures of crypto.sign (no Z_A)', () => {
    const nodeSignature = sign('sm3', message, privateKeyPem);
    expect(sm2Verify(publicKeyPem, message, nodeSignature)).toBe(false);
  });

  it('signs and verifies in well under 20 ms', () => {
    const rounds = 30;
    const started = performance.now();
    for (let i = 0; i < rounds; i += 1) {
      expect(sm2Verify(publicKeyPem, `m${i}`, sm2Sign(privateKeyPem, `m${i}`))).toBe(true);
    }
    const perRound = (performance.now() - started) / rounds;
    console.info(`SM2 sign + verify: ${perRound.toFixed(2)} ms`);
    expect(perRound).toBeLessThan(20);
  });
});

describe('SM2 key and argument checks', () => {
  it('rejects keys on other curves and of other types', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const p256Private = p256.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const p256Public = p256.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(cryptoErrorCodeOf(() => sm2Sign(p256Private, 'm'))).toBe('CRYPTO_KEY_INVALID');
    expect(cryptoErrorCodeOf(() => sm2Verify(p256Public, 'm', katSignatureDer))).toBe('CRYPTO_KEY_INVALID');
    expect(cryptoErrorCodeOf(() => sm2Za(rsaPublic))).toBe('CRYPTO_KEY_INVALID');
    expect(() => sm2Za(p256Public)).toThrow(/not the SM2 curve 1\.2\.156\.10197\.1\.301/);
  });

  it('rejects text that is not a key', () => {
    expect(cryptoErrorCodeOf(() => sm2Sign('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'm'))).toBe(
      'CRYPTO_KEY_INVALID',
    );
    expect(cryptoErrorCodeOf(() => sm2Verify('hello', 'm', katSignatureDer))).toBe('CRYPTO_KEY_INVALID');
  });

  it('rejects private scalars outside [1, n − 2]', () => {
    expect(cryptoErrorCodeOf(() => sm2SignWithScalar(0n, 'm'))).toBe('CRYPTO_KEY_INVALID');
    expect(cryptoErrorCodeOf(() => sm2SignWithScalar(SM2_N - 1n, 'm'))).toBe('CRYPTO_KEY_INVALID');
  });

  it('rejects a fixed k outside [1, n − 1] and a user ID too long for ENTL', () => {
    expect(cryptoErrorCodeOf(() => sm2SignWithScalar(KAT.d, 'm', { k: 0n }))).toBe('CRYPTO_ARGUMENT_INVALID');
    expect(cryptoErrorCodeOf(() => sm2SignWithScalar(KAT.d, 'm', { k: SM2_N }))).toBe('CRYPTO_ARGUMENT_INVALID');
    expect(cryptoErrorCodeOf(() => sm2Za(katPublicKeyPem, 'x'.repeat(8192)))).toBe('CRYPTO_ARGUMENT_INVALID');
    expect(sm2Za(katPublicKeyPem, 'x'.repeat(8191))).toHaveLength(32);
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CryptoError } from './crypto.errors.js';
import { DerError, DerReader, encodeDerSequence, encodeDerUnsignedInteger } from './der.js';
import {
  type AffinePoint,
  SM2_A,
  SM2_B,
  SM2_FIELD_BYTES,
  SM2_G,
  SM2_N,
  isOnCurve,
  modInverse,
  multiplyG,
  multiplyGPlusPoint,
} from './sm2-curve.js';
import { bigintToFieldBytes, parseSm2PrivateKeyPem, parseSm2PublicKeyPem, sm2PublicPointFromScalar } from './sm2-keys.js';
import { sm3 } from './sm3.js';

/*
 * The SM2 digital signature of GB/T 32918.2. Node's crypto.sign('sm3', sm2Key) hashes
 * the message without the user-identity prefix Z_A, so its signatures do not verify in
 * standard SM2 implementations; this module computes e = SM3(Z_A ‖ M) itself.
 */

/** The default user ID of GB/T 35276 when none is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// ENTL is a 16-bit count of ID bits.
const MAX_USER_ID_BYTES = 0xffff >> 3;

export interface Sm2KeyPairPem {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
}

export interface Sm2SignatureValue {
  r: bigint;
  s: bigint;
}

export interface Sm2SignOptions {
  /** Signer identity hashed into Z_A; defaults to {@link SM2_DEFAULT_USER_ID}. */
  userId?: string;
  /**
   * Fixed nonce, for known-answer tests only. Reusing a k for two messages reveals the
   * private key.
   */
  k?: bigint;
}

export interface Sm2VerifyOptions {
  userId?: string;
}

/** A fresh SM2 key pair as PEM that Node and the `openssl` command both read. */
export function generateSm2KeyPair(): Sm2KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'SM2',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for a public key PEM. */
export function sm2Za(publicKeyPem: string, userId: string = SM2_DEFAULT_USER_ID): Buffer {
  return zaForPoint(parseSm2PublicKeyPem(publicKeyPem), userId);
}

/**
 * Standard SM2 signature as a DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }),
 * the form `openssl pkeyutl -verify` expects.
 * @throws CryptoError `CRYPTO_KEY_INVALID` if the key is not an SM2 private key.
 */
export function sm2Sign(privateKeyPem: string, message: Buffer | string, options: Sm2SignOptions = {}): Buffer {
  const { d, publicPoint } = parseSm2PrivateKeyPem(privateKeyPem);
  const { r, s } = signWithKnownPoint(d, publicPoint, message, options);
  return encodeDerSequence(encodeDerUnsignedInteger(r), encodeDerUnsignedInteger(s));
}

/**
 * Verifies a DER signature from {@link sm2Sign} or any standard SM2 signer. A malformed,
 * truncated or non-canonical signature yields false, never an exception.
 * @throws CryptoError `CRYPTO_KEY_INVALID` if the key is not an SM2 public key.
 */
export function sm2Verify(
  publicKeyPem: string,
  message: Buffer | string,
  signatureDer: Buffer,
  options: Sm2VerifyOptions = {},
): boolean {
  const publicPoint = parseSm2PublicKeyPem(publicKeyPem);
  const signature = decodeSignatureDer(signatureDer);
  if (signature === undefined) {
    return false;
  }
  return verifyWithPoint(publicPoint, message, signature, options.userId ?? SM2_DEFAULT_USER_ID);
}

/** Signs with a bare private scalar d (public point d·G); for test vectors. */
export function sm2SignWithScalar(
  d: bigint,
  message: Buffer | string,
  options: Sm2SignOptions = {},
): Sm2SignatureValue {
  return signWithKnownPoint(d, sm2PublicPointFromScalar(d), message, options);
}

/** Verifies (r, s) against a bare public point; for test vectors. */
export function sm2VerifyWithPoint(
  publicPoint: AffinePoint,
  message: Buffer | string,
  signature: Sm2SignatureValue,
  options: Sm2VerifyOptions = {},
): boolean {
  if (!isOnCurve(publicPoint)) {
    return false;
  }
  return verifyWithPoint(publicPoint, message, signature, options.userId ?? SM2_DEFAULT_USER_ID);
}

function signWithKnownPoint(
  d: bigint,
  publicPoint: AffinePoint,
  message: Buffer | string,
  options: Sm2SignOptions,
): Sm2SignatureValue {
  const e = messageRepresentative(publicPoint, message, options.userId ?? SM2_DEFAULT_USER_ID);
  const inverseOnePlusD = modInverse(1n + d, SM2_N);
  for (;;) {
    const k = options.k ?? randomScalar();
    if (k < 1n || k >= SM2_N) {
      throw new CryptoError('CRYPTO_ARGUMENT_INVALID', 'SM2 nonce k must lie in [1, n − 1]');
    }
    const x1 = (multiplyG(k) as AffinePoint).x;
    const r = (e + x1) % SM2_N;
    // r = 0 or r + k = n would let s leak d or be undefined; the standard says pick a new k.
    if (r !== 0n && r + k !== SM2_N) {
      const s = (inverseOnePlusD * (((k - r * d) % SM2_N) + SM2_N)) % SM2_N;
      if (s !== 0n) {
        return { r, s };
      }
    }
    if (options.k !== undefined) {
      throw new CryptoError('CRYPTO_ARGUMENT_INVALID', 'the given SM2 nonce k yields a degenerate signature');
    }
  }
}

function verifyWithPoint(
  publicPoint: AffinePoint,
  message: Buffer | string,
  { r, s }: Sm2SignatureValue,
  userId: string,
): boolean {
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) {
    return false;
  }
  const t = (r + s) % SM2_N;
  if (t === 0n) {
    return false;
  }
  const e = messageRepresentative(publicPoint, message, userId);
  const point = multiplyGPlusPoint(s, t, publicPoint);
  return point !== undefined && (e + point.x) % SM2_N === r;
}

/** e = SM3(Z_A ‖ M) as an integer. */
function messageRepresentative(publicPoint: AffinePoint, message: Buffer | string, userId: string): bigint {
  const za = zaForPoint(publicPoint, userId);
  const m = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return BigInt(`0x${sm3(Buffer.concat([za, m])).toString('hex')}`);
}

function zaForPoint(publicPoint: AffinePoint, userId: string): Buffer {
  const id = Buffer.from(userId, 'utf8');
  if (id.length > MAX_USER_ID_BYTES) {
    throw new CryptoError('CRYPTO_ARGUMENT_INVALID', `SM2 user ID is longer than ${MAX_USER_ID_BYTES} bytes`);
  }
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return sm3(
    Buffer.concat([
      entl,
      id,
      ...[SM2_A, SM2_B, SM2_G.x, SM2_G.y, publicPoint.x, publicPoint.y].map(bigintToFieldBytes),
    ]),
  );
}

// Rejection sampling keeps k uniform in [1, n − 1]; a retry is needed about once in 2^32.
function randomScalar(): bigint {
  for (;;) {
    const k = BigInt(`0x${randomBytes(SM2_FIELD_BYTES).toString('hex')}`);
    if (k >= 1n && k < SM2_N) {
      return k;
    }
  }
}

function decodeSignatureDer(signatureDer: Buffer): Sm2SignatureValue | undefined {
  try {
    const outer = new DerReader(signatureDer);
    const sequence = outer.readSequence('SM2 signature');
    outer.expectEnd('SM2 signature');
    const r = sequence.readUnsignedInteger('SM2 signature r');
    const s = sequence.readUnsignedInteger('SM2 signature s');
    sequence.expectEnd('SM2 signature');
    return { r, s };
  } catch (cause) {
    if (cause instanceof DerError) {
      return undefined;
    }
    throw cause;
  }
}

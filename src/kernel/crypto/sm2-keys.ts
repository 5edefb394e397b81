import { createPrivateKey, createPublicKey } from 'node:crypto';
import { CryptoError } from './crypto.errors.js';
import { DER_TAG, DerError, DerReader } from './der.js';
import { type AffinePoint, SM2_FIELD_BYTES, SM2_N, isOnCurve, multiplyG, recoverY } from './sm2-curve.js';

/*
 * Node can load SM2 keys but will not export them as JWK ("Unsupported JWK EC curve"),
 * so the scalar and the point are read from the PKCS#8 / SPKI DER that Node does export.
 */

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_SM2_CURVE = '1.2.156.10197.1.301';

export interface Sm2PrivateKey {
  readonly d: bigint;
  readonly publicPoint: AffinePoint;
}

/**
 * Reads d from a private key in any form Node accepts (PKCS#8 or SEC1 PEM) and derives
 * the public point as d·G rather than trusting the optional copy inside the key.
 */
export function parseSm2PrivateKeyPem(privateKeyPem: string): Sm2PrivateKey {
  const der = exportDer(() => createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' }));
  const d = withKeyErrors(() => readPkcs8Scalar(der));
  return { d, publicPoint: sm2PublicPointFromScalar(d) };
}

/** Reads the public point from an SPKI PEM (a private key PEM also works: Node derives it). */
export function parseSm2PublicKeyPem(publicKeyPem: string): AffinePoint {
  const der = exportDer(() => createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }));
  return withKeyErrors(() => readSpkiPoint(der));
}

/** d·G after checking 1 ≤ d ≤ n − 2 (d = n − 1 makes 1 + d non-invertible in signing). */
export function sm2PublicPointFromScalar(d: bigint): AffinePoint {
  if (d < 1n || d > SM2_N - 2n) {
    throw new CryptoError('CRYPTO_KEY_INVALID', 'SM2 private scalar must lie in [1, n − 2]');
  }
  return multiplyG(d) as AffinePoint;
}

/** 0x04 ‖ x ‖ y, 65 bytes. */
export function encodeUncompressedPoint(point: AffinePoint): Buffer {
  return Buffer.concat([Buffer.of(0x04), bigintToFieldBytes(point.x), bigintToFieldBytes(point.y)]);
}

export function bigintToFieldBytes(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(SM2_FIELD_BYTES * 2, '0'), 'hex');
}

// PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING ECPrivateKey, … }
function readPkcs8Scalar(der: Buffer): bigint {
  const outer = new DerReader(der);
  const info = outer.readSequence('PrivateKeyInfo');
  outer.expectEnd('PrivateKeyInfo');
  const version = info.readUnsignedInteger('PrivateKeyInfo.version');
  if (version > 1n) {
    throw new DerError(`PrivateKeyInfo.version ${version} is unknown`);
  }
  readSm2AlgorithmIdentifier(info);
  const ecPrivateKeyDer = info.read(DER_TAG.octetString, 'PrivateKeyInfo.privateKey');

  // ECPrivateKey ::= SEQUENCE { version 1, OCTET STRING d, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
  const wrapper = new DerReader(ecPrivateKeyDer);
  const ecPrivateKey = wrapper.readSequence('ECPrivateKey');
  wrapper.expectEnd('ECPrivateKey');
  if (ecPrivateKey.readUnsignedInteger('ECPrivateKey.version') !== 1n) {
    throw new DerError('ECPrivateKey.version must be 1');
  }
  const scalarBytes = ecPrivateKey.read(DER_TAG.octetString, 'ECPrivateKey.privateKey');
  if (scalarBytes.length === 0 || scalarBytes.length > SM2_FIELD_BYTES) {
    throw new DerError('ECPrivateKey.privateKey has the wrong length for SM2');
  }
  const parameters = ecPrivateKey.readOptional(DER_TAG.contextConstructed0, 'ECPrivateKey.parameters');
  if (parameters !== undefined) {
    const curve = new DerReader(parameters).readObjectIdentifier('ECPrivateKey.parameters');
    assertSm2Curve(curve);
  }
  return BigInt(`0x${scalarBytes.toString('hex')}`);
}

// SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING point }
function readSpkiPoint(der: Buffer): AffinePoint {
  const outer = new DerReader(der);
  const spki = outer.readSequence('SubjectPublicKeyInfo');
  outer.expectEnd('SubjectPublicKeyInfo');
  readSm2AlgorithmIdentifier(spki);
  const encoded = spki.readOctetAlignedBitString('SubjectPublicKeyInfo.subjectPublicKey');
  spki.expectEnd('SubjectPublicKeyInfo');
  return decodePoint(encoded);
}

function readSm2AlgorithmIdentifier(parent: DerReader): void {
  const algorithm = parent.readSequence('AlgorithmIdentifier');
  const algorithmOid = algorithm.readObjectIdentifier('AlgorithmIdentifier.algorithm');
  if (algorithmOid !== OID_EC_PUBLIC_KEY) {
    throw new CryptoError('CRYPTO_KEY_INVALID', `not an elliptic-curve key (algorithm ${algorithmOid})`);
  }
  if (algorithm.peekTag() !== DER_TAG.objectIdentifier) {
    throw new CryptoError('CRYPTO_KEY_INVALID', 'EC key does not name its curve; explicit parameters are not accepted');
  }
  assertSm2Curve(algorithm.readObjectIdentifier('AlgorithmIdentifier.parameters'));
  algorithm.expectEnd('AlgorithmIdentifier');
}

function assertSm2Curve(curveOid: string): void {
  if (curveOid !== OID_SM2_CURVE) {
    throw new CryptoError(
      'CRYPTO_KEY_INVALID',
      `EC key is on curve ${curveOid}, not the SM2 curve ${OID_SM2_CURVE}`,
    );
  }
}

function decodePoint(encoded: Buffer): AffinePoint {
  const form = encoded[0];
  const x = BigInt(`0x${encoded.subarray(1, 1 + SM2_FIELD_BYTES).toString('hex') || '0'}`);
  let point: AffinePoint | undefined;
  if (form === 0x04 && encoded.length === 1 + 2 * SM2_FIELD_BYTES) {
    point = { x, y: BigInt(`0x${encoded.subarray(1 + SM2_FIELD_BYTES).toString('hex')}`) };
  } else if ((form === 0x02 || form === 0x03) && encoded.length === 1 + SM2_FIELD_BYTES) {
    const y = recoverY(x, form === 0x03);
    point = y === undefined ? undefined : { x, y };
  }
  if (point === undefined || !isOnCurve(point)) {
    throw new CryptoError('CRYPTO_KEY_INVALID', 'SM2 public key is not a point on the SM2 curve');
  }
  return point;
}

function exportDer(load: () => Buffer): Buffer {
  try {
    return load();
  } catch (cause) {
    throw new CryptoError('CRYPTO_KEY_INVALID', `cannot read the key: ${(cause as Error).message}`, { cause });
  }
}

function withKeyErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    if (cause instanceof DerError) {
      throw new CryptoError('CRYPTO_KEY_INVALID', `malformed SM2 key: ${cause.message}`, { cause });
    }
    throw cause;
  }
}

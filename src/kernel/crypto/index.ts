/**
 * National cryptography (国密) kernel: SM3 hashing, SM4 field encryption and standard
 * SM2 signatures, on Node's OpenSSL plus BigInt curve arithmetic where Node falls short.
 *
 * Not exported here: raw SM4-ECB (`sm4.ts`, known-answer tests only) and the curve
 * and DER internals.
 */

export { CryptoError, type CryptoErrorCode } from './crypto.errors.js';

/** SM3 digest, its hex form, and HMAC-SM3. */
export { hmacSm3, sm3, sm3Hex } from './sm3.js';

/**
 * Authenticated SM4 encryption for data at rest (SM4-CBC + HMAC-SM3, versioned output).
 * Decryption throws `CryptoError` `CRYPTO_CIPHERTEXT_INVALID` on any tampering.
 */
export { type Sm4Options, sm4Decrypt, sm4Encrypt } from './sm4.js';

/**
 * Standard SM2 signatures (GB/T 32918.2, with Z_A), DER-encoded and interoperable with
 * `openssl pkeyutl -rawin -digest sm3 -pkeyopt distid:…`.
 */
export {
  SM2_DEFAULT_USER_ID,
  type Sm2KeyPairPem,
  type Sm2SignOptions,
  type Sm2SignatureValue,
  type Sm2VerifyOptions,
  generateSm2KeyPair,
  sm2Sign,
  sm2SignWithScalar,
  sm2Verify,
  sm2VerifyWithPoint,
  sm2Za,
} from './sm2.js';

/** A public point as affine coordinates, for {@link sm2VerifyWithPoint}. */
export type { AffinePoint } from './sm2-curve.js';

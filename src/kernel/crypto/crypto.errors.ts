/**
 * Error codes of the national-cryptography kernel.
 *
 * The kernel has no shared `defineError` yet; these carry a stable `code` so callers
 * and tests can branch on it, and map onto `defineError` once that exists.
 */
export type CryptoErrorCode =
  /** A key is the wrong length, not SM2, or not parseable. */
  | 'CRYPTO_KEY_INVALID'
  /** A ciphertext failed authentication: tampered, truncated, or the wrong key. */
  | 'CRYPTO_CIPHERTEXT_INVALID'
  /** A ciphertext names a format version this build cannot read. */
  | 'CRYPTO_CIPHERTEXT_VERSION_UNSUPPORTED'
  /** A caller-supplied argument is out of range (user ID too long, bad k, …). */
  | 'CRYPTO_ARGUMENT_INVALID';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';

  constructor(
    readonly code: CryptoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

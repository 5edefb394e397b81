import { expect } from 'vitest';
import { CryptoError, type CryptoErrorCode } from './crypto.errors.js';

/** For tests: runs `action` and returns the code of the CryptoError it throws (undefined if none). */
export function cryptoErrorCodeOf(action: () => unknown): CryptoErrorCode | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  return undefined;
}

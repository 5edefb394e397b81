import { createHash, createHmac } from 'node:crypto';

/** SM3 digest (GB/T 32905), 32 bytes. Strings are hashed as UTF-8. */
export function sm3(data: Buffer | string): Buffer {
  return createHash('sm3').update(data).digest();
}

/** SM3 digest as lower-case hex. */
export function sm3Hex(data: Buffer | string): string {
  return createHash('sm3').update(data).digest('hex');
}

/** HMAC-SM3 (RFC 2104 with SM3), 32 bytes. */
export function hmacSm3(key: Buffer, data: Buffer | string): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

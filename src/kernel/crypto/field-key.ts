import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFileExclusively } from '../files/index.js';
import { CryptoError } from './crypto.errors.js';

export const FIELD_KEY_FILE = 'field-master.key';

/**
 * The field master key: `hex` (64 hexadecimal characters, from configuration) when given,
 * else `dir/field-master.key`, created (0600, directory 0700) with a random key on first
 * use. Creation is exclusive, so nodes starting together end up with one key.
 */
export function loadOrCreateFieldKey(options: { hex?: string | undefined; dir: string }): Buffer {
  if (options.hex) {
    return parseKeyHex(options.hex, 'YIWANG_FIELD_KEY');
  }
  const file = path.join(options.dir, FIELD_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    createFileExclusively(file, `${randomBytes(32).toString('hex')}\n`, 0o600);
  }
  return parseKeyHex(fs.readFileSync(file, 'utf8').trim(), file);
}

function parseKeyHex(hex: string, source: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new CryptoError('CRYPTO_KEY_INVALID', `${source} must hold a 32-byte key as 64 hexadecimal characters`);
  }
  return Buffer.from(hex, 'hex');
}

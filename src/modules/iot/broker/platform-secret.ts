import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFileExclusively } from '../../../kernel/files/index.js';
import { PLATFORM_MQTT_USER } from './broker-auth.js';

const FILE = 'mqtt-platform.secret';

/**
 * The password yiwang's own clients use on the embedded broker: made once in the keys
 * directory, so the simulator (another process on the same DATA_DIR) can log in too.
 */
export function loadOrCreatePlatformSecret(keysDir: string): string {
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = path.join(keysDir, FILE);
  createFileExclusively(file, randomBytes(24).toString('hex'), 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/** The platform's secret if a running `yiwang start` has made one, else null. */
export function readPlatformSecret(keysDir: string): string | null {
  try {
    return fs.readFileSync(path.join(keysDir, FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}

/** `url` with yiwang's platform login in it (the secret is hex: nothing to escape). */
export function withPlatformLogin(url: string, secret: string): string {
  const parsed = new URL(url);
  parsed.username = PLATFORM_MQTT_USER;
  parsed.password = secret;
  return parsed.toString().replace(/\/$/, '');
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config/index.js';
import { createTestDatabase } from './test-database.js';

/**
 * Cookie of a logged-in demo user, for `app.inject({ headers: { cookie } })`.
 * Demo users all share the README's password.
 */
export async function loginAs(app: FastifyInstance, username: string, password = 'Yiwang@2026'): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) {
    throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`);
  }
  return cookieOf(response);
}

export function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'yiwang_session');
  if (!cookie) {
    throw new Error('no session cookie in response');
  }
  return `yiwang_session=${cookie.value}`;
}

/** A config for tests: a temporary DATA_DIR (audit keys), silent logs, overrides on top. */
export function testConfig(overrides: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-test-'));
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', YIWANG_DEMO: 'true', ...overrides });
}

export { createTestDatabase };

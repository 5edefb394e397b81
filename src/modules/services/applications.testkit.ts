/** Helpers for the applications tests: a demo platform, requests and multipart uploads through app.inject. */
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR demo image')]);
export const PDF = Buffer.from('%PDF-1.7\n% demo material\n');

/** A multipart/form-data body with one file part (`file`), or none, and text fields. */
export function multipartBody(file: { name: string; data: Buffer; type?: string } | null, fields: Record<string, string> = {}) {
  const boundary = `----yiwang${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a file as the applicant with `cookie`; returns the response. */
export function upload(app: FastifyInstance, cookie: string, file: { name: string; data: Buffer; type?: string } | null, fields?: Record<string, string>) {
  const body = multipartBody(file, fields);
  return app.inject({ method: 'POST', url: '/api/v1/services/my/files', payload: body.payload, headers: { ...body.headers, cookie } });
}

/** Uploads and returns the file id (fails the test otherwise). */
export async function uploadId(app: FastifyInstance, cookie: string, name = 'material.pdf', data: Buffer = PDF): Promise<string> {
  const response = await upload(app, cookie, { name, data });
  if (response.statusCode !== 201) {
    throw new Error(`upload failed: ${response.statusCode} ${response.body}`);
  }
  return (response.json() as { id: string }).id;
}

export interface DemoApp {
  platform: Platform;
  app: FastifyInstance;
  /** Session cookies by username. */
  cookies: Record<string, string>;
}

/** A platform with the demo loaded (after `prepare`, if given, has run), and `usernames` logged in. */
export async function startDemoApp(usernames: string[], prepare?: (platform: Platform) => Promise<void>): Promise<DemoApp> {
  const database = await createTestDatabase({ migrate: false });
  const platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  await prepare?.(platform);
  const app = await platform.buildApp(false);
  const cookies: Record<string, string> = {};
  for (const username of usernames) {
    cookies[username] = await loginAs(app, username);
  }
  return { platform, app, cookies };
}

/** JSON requests under /api/v1 to the app `app()` returns (it is built in beforeAll), with an optional cookie. */
export function requestsTo(app: () => FastifyInstance) {
  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, cookie?: string, remoteAddress?: string) =>
    app().inject({ method, url: `/api/v1${url}`, payload: payload as object, ...(cookie ? { headers: { cookie } } : {}), ...(remoteAddress ? { remoteAddress } : {}) });
  return {
    get: (url: string, cookie?: string) => app().inject({ method: 'GET', url: `/api/v1${url}`, ...(cookie ? { headers: { cookie } } : {}) }),
    send,
    post: (url: string, payload: unknown, cookie?: string) => send('POST', url, payload, cookie),
  };
}

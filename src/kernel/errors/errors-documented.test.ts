import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedErrors } from './errors.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Imports every `*.errors.ts` of the kernel and the modules so that their codes register. */
async function importAllErrorFiles(): Promise<void> {
  const files = fs
    .readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.errors.ts'));
  for (const file of files) {
    await import(path.join(root, 'src', file));
  }
}

describe('error catalogue', () => {
  it('documents every defined error code in docs/errors.md', async () => {
    await importAllErrorFiles();
    const doc = fs.readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
    const codes = definedErrors().map((e) => e.code);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});

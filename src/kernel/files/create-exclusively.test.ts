import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileExclusively } from './index.js';

describe('createFileExclusively', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-files-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file with the text and mode, leaving no temporary file behind', () => {
    const file = path.join(dir, 'key.pem');
    createFileExclusively(file, 'first', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['key.pem']);
  });

  it('keeps an existing file as it is', () => {
    const file = path.join(dir, 'key.pem');
    createFileExclusively(file, 'first', 0o600);
    createFileExclusively(file, 'second', 0o644);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['key.pem']);
  });

  it('throws when the directory does not exist', () => {
    expect(() => createFileExclusively(path.join(dir, 'missing', 'key.pem'), 'x', 0o600)).toThrow(/ENOENT/);
  });
});

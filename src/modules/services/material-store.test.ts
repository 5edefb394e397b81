import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sm3Hex } from '../../kernel/crypto/index.js';
import { PDF, PNG } from './applications.testkit.js';
import { createLocalMaterialStore, inspectUpload, readVerified, sniffType } from './material-store.js';


describe('sniffType', () => {
  it('knows PDF, PNG, JPEG and OFD by their first bytes, whatever the name says', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....OFD.xml....')]))).toBe('application/ofd');
  });

  it('refuses other ZIP files, executables and text', () => {
    expect(sniffType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]))).toBeNull();
    expect(sniffType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffType(Buffer.from('<html>'))).toBeNull();
    expect(() => inspectUpload(Buffer.from('hello'))).toThrow(expect.objectContaining({ code: 'SERVICES_FILE_TYPE_NOT_ALLOWED' }));
  });
});

describe('the local store', () => {
  it('stores by SM3 hash once, reads back verified, and notices a changed file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-materials-'));
    const store = createLocalMaterialStore(dir);
    const { sm3, contentType } = inspectUpload(PDF);
    expect(sm3).toBe(sm3Hex(PDF));
    expect(contentType).toBe('application/pdf');
    const key = await store.put(sm3, PDF);
    expect(await store.put(sm3, PDF)).toBe(key);
    expect(fs.readdirSync(path.join(dir, sm3.slice(0, 2)))).toEqual([sm3]);
    expect((await readVerified(store, key, sm3)).equals(PDF)).toBe(true);

    fs.writeFileSync(path.join(dir, sm3.slice(0, 2), sm3), '%PDF-1.7 changed');
    await expect(readVerified(store, key, sm3)).rejects.toMatchObject({ code: 'SERVICES_FILE_CORRUPT' });
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    await expect(store.get('../etc/passwd')).rejects.toThrow();
  });
});

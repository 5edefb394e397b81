import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3, sm3, sm3Hex } from './sm3.js';

// RFC 2104 written out from its definition, to check hmacSm3 against something other
// than itself. SM3's block is 64 bytes.
function hmacSm3FromDefinition(key: Buffer, data: Buffer): Buffer {
  const blockKey = Buffer.alloc(64);
  (key.length > 64 ? createHash('sm3').update(key).digest() : key).copy(blockKey);
  const inner = createHash('sm3')
    .update(blockKey.map((byte) => byte ^ 0x36))
    .update(data)
    .digest();
  return createHash('sm3')
    .update(blockKey.map((byte) => byte ^ 0x5c))
    .update(inner)
    .digest();
}

describe('sm3', () => {
  it('hashes "abc" to the GB/T 32905 example digest', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes "abcd" × 16 to the GB/T 32905 example digest', () => {
    expect(sm3('abcd'.repeat(16)).toString('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('treats a string as its UTF-8 bytes', () => {
    expect(sm3('一网通办').equals(sm3(Buffer.from('一网通办', 'utf8')))).toBe(true);
  });
});

describe('hmacSm3', () => {
  it.each([
    ['a short key', Buffer.from('key'), Buffer.from('The quick brown fox')],
    ['a 64-byte key', Buffer.alloc(64, 0xab), Buffer.from('')],
    ['a key longer than the block, which is hashed first', Buffer.alloc(100, 0x0b), Buffer.alloc(1000, 7)],
  ])('matches the RFC 2104 construction with %s', (_label, key, data) => {
    expect(hmacSm3(key, data).equals(hmacSm3FromDefinition(key, data))).toBe(true);
  });

  it('gives 32 bytes that change with the key', () => {
    const tag = hmacSm3(Buffer.from('k1'), 'data');
    expect(tag).toHaveLength(32);
    expect(tag.equals(hmacSm3(Buffer.from('k2'), 'data'))).toBe(false);
  });
});

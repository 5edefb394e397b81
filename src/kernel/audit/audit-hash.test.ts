import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, checkpointMessage, hashRecord, normaliseJson, serialiseRecord, storableText } from './audit-hash.js';

const record = {
  seq: 7,
  at: '2026-11-23T10:10:00.000Z',
  actor: 'user:42',
  action: 'org.user.create',
  target: 'org.user:9',
  details: { z: 0.5, b: true, a: [1, '二', null] },
  ip: null,
  prevHash: GENESIS_HASH,
};

describe('record hash', () => {
  it('serialises the fields in a fixed order with sorted keys, and hashes the UTF-8 with SM3', () => {
    const text =
      '["yiwang-audit-v1",7,"2026-11-23T10:10:00.000Z","user:42","org.user.create","org.user:9",' +
      '{"a":[1,"二",null],"b":true,"z":0.5},null,"' +
      '0'.repeat(64) +
      '"]';
    expect(serialiseRecord(record)).toBe(text);
    // `printf '%s' "$text" | openssl dgst -sm3`
    expect(hashRecord(record)).toBe('6797c4803d473c72b0282d9fbdd74127b444f94d71dbd9f076431176359f1a36');
  });

  it('changes with every field, and tells null from the empty string', () => {
    const base = hashRecord(record);
    const variants = [
      { seq: 8 },
      { at: '2026-11-23T10:10:00.001Z' },
      { actor: null },
      { action: 'org.user.delete' },
      { target: '' },
      { details: { ...record.details, b: false } },
      { ip: '' },
      { prevHash: 'f'.repeat(64) },
    ];
    const hashes = new Set(variants.map((change) => hashRecord({ ...record, ...change })));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
  });

  it('does not let text move between fields', () => {
    expect(hashRecord({ ...record, actor: 'a|b', action: 'c' })).not.toBe(hashRecord({ ...record, actor: 'a', action: 'b|c' }));
    expect(hashRecord({ ...record, actor: 'a","b' })).not.toBe(hashRecord({ ...record, actor: 'a', action: 'b' }));
  });

  it('names the checkpoint message exactly', () => {
    expect(checkpointMessage(12, 'ab'.repeat(32))).toBe(`yiwang-audit-checkpoint|12|${'ab'.repeat(32)}`);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth by UTF-16 code units and adds no whitespace', () => {
    expect(canonicalJson({ b: { d: 1, c: [{ y: 1, x: 2 }] }, a: 'é', B: null, é: 0, '10': 1, '9': 2 })).toBe(
      '{"10":1,"9":2,"B":null,"a":"é","b":{"c":[{"x":2,"y":1}],"d":1},"é":0}',
    );
  });

  it('prints numbers as JSON.stringify does', () => {
    expect(canonicalJson([1e21, 0.1 + 0.2, -0, 5e-324, 1.0])).toBe('[1e+21,0.30000000000000004,0,5e-324,1]');
  });
});

describe('normaliseJson', () => {
  it('returns what jsonb will give back', () => {
    const value = normaliseJson({
      date: new Date('2026-01-01T00:00:00Z'),
      missing: undefined,
      list: [undefined, Number.NaN, Infinity],
      text: 'nul\u0000 and lone \udc00',
    });
    expect(value).toEqual({ date: '2026-01-01T00:00:00.000Z', list: [null, null, null], text: 'nul\ufffd and lone \ufffd' });
  });

  it('keeps a "__proto__" key as an ordinary member', () => {
    const value = normaliseJson(JSON.parse('{"__proto__": {"admin": true}, "a": 1}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(canonicalJson(value)).toBe('{"__proto__":{"admin":true},"a":1}');
  });

  it('leaves paired surrogates alone and replaces a lone one in a key as in a value', () => {
    expect(normaliseJson({ text: '鄂州😀', '\ud83d': '\\u0000 as text' })).toEqual({ text: '鄂州😀', '\ufffd': '\\u0000 as text' });
    expect(storableText('鄂州😀')).toBe('鄂州😀');
    expect(storableText('a\u0000😀\udc00')).toBe('a\ufffd😀\ufffd');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => normaliseJson({ n: 1n })).toThrow(TypeError);
  });
});

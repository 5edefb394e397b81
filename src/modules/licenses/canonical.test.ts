import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, CanonicalJsonError } from './canonical.js';

describe('canonical JSON (RFC 8785 subset)', () => {
  it('is the same whatever the key order or spacing', () => {
    const a = { name: '营业执照', holder: { code: '91420700042070699W', name: '鄂州市创益食品有限公司' }, data: { b: 1, a: [3, 'x', null, true] } };
    const b = JSON.parse(' { "data" : { "a" : [ 3 , "x" , null , true ] , "b" : 1 } , "holder" : { "name" : "鄂州市创益食品有限公司" , "code" : "91420700042070699W" } , "name" : "营业执照" } ');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"data":{"a":[3,"x",null,true],"b":1},"holder":{"code":"91420700042070699W","name":"鄂州市创益食品有限公司"},"name":"营业执照"}');
    expect(JSON.parse(canonicalJson(a))).toEqual(a);
  });

  it('orders keys by UTF-16 code units and escapes as JSON does', () => {
    // U+FF21 comes after the surrogate pair of U+1F600 in UTF-16 order (before it by code point).
    expect(canonicalJson({ '\u00e9': 1, Z: 2, a: 3, '1': 4, '\uFF21': 7, '\u{1F600}': 5, 'e\u0301': 6 })).toBe('{"1":4,"Z":2,"a":3,"e\u0301":6,"\u00e9":1,"\u{1F600}":5,"\uFF21":7}');
    expect(canonicalJson({ s: 'line\n"quoted"\u0001' })).toBe('{"s":"line\\n\\"quoted\\"\\u0001"}');
    expect(canonicalJson([1e21, 0.1, -0, 1.5e-7])).toBe('[1e+21,0.1,0,1.5e-7]');
  });

  it('leaves out undefined members and refuses values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ big: 1n })).toThrow(CanonicalJsonError);
  });

  it('encodes as UTF-8', () => {
    expect(canonicalBytes({ 名: '鄂州' }).toString('hex')).toBe(Buffer.from('{"名":"鄂州"}', 'utf8').toString('hex'));
  });
});

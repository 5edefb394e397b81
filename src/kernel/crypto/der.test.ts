import { describe, expect, it } from 'vitest';
import { DER_TAG, DerError, DerReader, encodeDerSequence, encodeDerUnsignedInteger } from './der.js';

function reader(hex: string): DerReader {
  return new DerReader(Buffer.from(hex, 'hex'));
}

describe('DerReader', () => {
  it('decodes the SM2 curve OID and id-ecPublicKey', () => {
    expect(reader('06082a811ccf5501822d').readObjectIdentifier('oid')).toBe('1.2.156.10197.1.301');
    expect(reader('06072a8648ce3d0201').readObjectIdentifier('oid')).toBe('1.2.840.10045.2.1');
  });

  it('reads minimal unsigned INTEGERs, including a 0x00 sign byte', () => {
    expect(reader('020100').readUnsignedInteger('i')).toBe(0n);
    expect(reader('02020080').readUnsignedInteger('i')).toBe(0x80n);
    expect(reader('02017f').readUnsignedInteger('i')).toBe(0x7fn);
  });

  it.each([
    ['a negative INTEGER', '020180'],
    ['a padded INTEGER', '0202007f'],
    ['an empty INTEGER', '0200'],
    ['a length past the end', '020201'],
    ['a non-minimal long-form length', '02810101'],
    ['a long-form length with a leading zero byte', '0282000101'],
    ['an indefinite length', '02800100'],
    ['a missing length', '02'],
    ['the wrong tag', '040101'],
  ])('rejects %s', (_label, hex) => {
    expect(() => reader(hex).readUnsignedInteger('i')).toThrow(DerError);
  });

  it('rejects trailing bytes when asked for the end', () => {
    const r = reader('02010100');
    r.readUnsignedInteger('i');
    expect(() => r.expectEnd('value')).toThrow(DerError);
  });

  it('accepts a minimal long-form length', () => {
    const content = Buffer.alloc(200, 0x11);
    const r = new DerReader(Buffer.concat([Buffer.from('0481c8', 'hex'), content]));
    expect(r.read(DER_TAG.octetString, 'o').equals(content)).toBe(true);
    expect(r.isAtEnd()).toBe(true);
  });
});

describe('DER encoding', () => {
  it('round-trips integers through a SEQUENCE', () => {
    const values = [0n, 1n, 0x7fn, 0x80n, 0xffffn, 2n ** 255n, 2n ** 256n - 1n];
    const encoded = encodeDerSequence(...values.map(encodeDerUnsignedInteger));
    const sequence = new DerReader(encoded).readSequence('s');
    expect(values.map(() => sequence.readUnsignedInteger('i'))).toEqual(values);
    expect(sequence.isAtEnd()).toBe(true);
  });

  it('uses long-form lengths above 127 bytes', () => {
    const encoded = encodeDerSequence(...Array.from({ length: 50 }, () => encodeDerUnsignedInteger(1n)));
    expect(encoded.subarray(0, 3).toString('hex')).toBe('308196');
  });
});

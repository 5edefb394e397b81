/*
 * The small subset of DER that SM2 keys and signatures need. Strict on purpose: a
 * signature or key with a non-minimal length, a high tag number, an indefinite length,
 * a negative or padded INTEGER, or trailing bytes is rejected, because lenient parsing
 * is how signature malleability and parser confusion creep in.
 */

export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  sequence: 0x30,
  contextConstructed0: 0xa0,
  contextConstructed1: 0xa1,
} as const;

/** Thrown for any malformed DER; callers turn it into their own error or `false`. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** A forward-only cursor over the TLVs of one DER value's contents. */
export class DerReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  /** The tag of the next TLV, or undefined at the end. */
  peekTag(): number | undefined {
    return this.bytes[this.offset];
  }

  isAtEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  expectEnd(what: string): void {
    if (!this.isAtEnd()) {
      throw new DerError(`${what}: unexpected trailing bytes`);
    }
  }

  /** Reads the next TLV, which must carry `tag`, and returns its contents. */
  read(tag: number, what: string): Buffer {
    const actual = this.bytes[this.offset];
    if (actual === undefined) {
      throw new DerError(`${what}: missing`);
    }
    if (actual !== tag) {
      throw new DerError(`${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(actual)}`);
    }
    if ((actual & 0x1f) === 0x1f) {
      throw new DerError(`${what}: high tag numbers are not supported`);
    }
    const { length, headerBytes } = this.readLength(this.offset + 1, what);
    const start = this.offset + 1 + headerBytes;
    const end = start + length;
    if (end > this.bytes.length) {
      throw new DerError(`${what}: length runs past the end of the data`);
    }
    this.offset = end;
    return this.bytes.subarray(start, end);
  }

  /** Reads the next TLV only if it carries `tag`. */
  readOptional(tag: number, what: string): Buffer | undefined {
    return this.peekTag() === tag ? this.read(tag, what) : undefined;
  }

  readSequence(what: string): DerReader {
    return new DerReader(this.read(DER_TAG.sequence, what));
  }

  /** A non-negative INTEGER in minimal two's-complement form. */
  readUnsignedInteger(what: string): bigint {
    const content = this.read(DER_TAG.integer, what);
    const first = content[0];
    const second = content[1];
    if (first === undefined) {
      throw new DerError(`${what}: empty INTEGER`);
    }
    if ((first & 0x80) !== 0) {
      throw new DerError(`${what}: negative INTEGER`);
    }
    if (first === 0 && second !== undefined && (second & 0x80) === 0) {
      throw new DerError(`${what}: INTEGER is not minimally encoded`);
    }
    return BigInt(`0x${content.toString('hex')}`);
  }

  /** An OBJECT IDENTIFIER as dotted decimal, e.g. "1.2.156.10197.1.301". */
  readObjectIdentifier(what: string): string {
    return decodeObjectIdentifier(this.read(DER_TAG.objectIdentifier, what), what);
  }

  /** A BIT STRING whose bit length is a multiple of 8, as its bytes. */
  readOctetAlignedBitString(what: string): Buffer {
    const content = this.read(DER_TAG.bitString, what);
    if (content[0] !== 0) {
      throw new DerError(`${what}: BIT STRING with unused bits`);
    }
    return content.subarray(1);
  }

  private readLength(at: number, what: string): { length: number; headerBytes: number } {
    const first = this.bytes[at];
    if (first === undefined) {
      throw new DerError(`${what}: missing length`);
    }
    if (first < 0x80) {
      return { length: first, headerBytes: 1 };
    }
    const count = first & 0x7f;
    if (count === 0) {
      throw new DerError(`${what}: indefinite length is not DER`);
    }
    // Keys and signatures here are a few hundred bytes; 4 length bytes is plenty.
    if (count > 4 || at + count >= this.bytes.length) {
      throw new DerError(`${what}: length field is too long`);
    }
    let length = 0;
    for (let i = 1; i <= count; i += 1) {
      length = length * 256 + (this.bytes[at + i] ?? 0);
    }
    if (this.bytes[at + 1] === 0 || length < 0x80) {
      throw new DerError(`${what}: length is not minimally encoded`);
    }
    return { length, headerBytes: 1 + count };
  }
}

function decodeObjectIdentifier(content: Buffer, what: string): string {
  if (content.length === 0) {
    throw new DerError(`${what}: empty OBJECT IDENTIFIER`);
  }
  const arcs: bigint[] = [];
  let arc = 0n;
  let arcStarted = false;
  for (const byte of content) {
    if (!arcStarted && byte === 0x80) {
      throw new DerError(`${what}: OBJECT IDENTIFIER arc is not minimally encoded`);
    }
    arc = (arc << 7n) | BigInt(byte & 0x7f);
    arcStarted = true;
    if ((byte & 0x80) === 0) {
      arcs.push(arc);
      arc = 0n;
      arcStarted = false;
    }
  }
  if (arcStarted) {
    throw new DerError(`${what}: OBJECT IDENTIFIER ends inside an arc`);
  }
  // The first encoded arc packs the first two: 40·a + b, with a ≤ 2.
  const packed = arcs[0] ?? 0n;
  const top = packed < 80n ? packed / 40n : 2n;
  return [top, packed - top * 40n, ...arcs.slice(1)].join('.');
}

/** DER INTEGER for a non-negative bigint. */
export function encodeDerUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) {
    throw new RangeError('encodeDerUnsignedInteger: negative value');
  }
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let content = Buffer.from(hex, 'hex');
  if (((content[0] ?? 0) & 0x80) !== 0) {
    content = Buffer.concat([Buffer.of(0), content]);
  }
  return encodeTlv(DER_TAG.integer, content);
}

export function encodeDerSequence(...children: Buffer[]): Buffer {
  return encodeTlv(DER_TAG.sequence, Buffer.concat(children));
}

function encodeTlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.of(tag), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.of(length);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

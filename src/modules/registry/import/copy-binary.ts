/**
 * Builds the data of a PostgreSQL `COPY … FROM STDIN (FORMAT binary)`: a signature and
 * header, tuples of length-prefixed fields (-1 for NULL), and a trailer. Binary spares
 * the hex encoding of bytea both here and in the server, and fields can be laid out
 * first and filled in later (ciphertexts are sealed where they lie).
 */
export class BinaryCopyWriter {
  readonly buffer: Buffer;
  /** The next byte to write. */
  offset: number;

  /** `capacity` must hold every field written: there is no growing. */
  constructor(capacity: number) {
    // Memory of its own (not the shared pool), so that it can move to a worker thread.
    this.buffer = Buffer.allocUnsafeSlow(BINARY_COPY_HEADER.length + capacity + 2);
    BINARY_COPY_HEADER.copy(this.buffer, 0);
    this.offset = BINARY_COPY_HEADER.length;
  }

  tuple(fields: number): void {
    this.buffer.writeInt16BE(fields, this.offset);
    this.offset += 2;
  }

  null(): void {
    this.buffer.writeInt32BE(-1, this.offset);
    this.offset += 4;
  }

  /** A field of `length` bytes left to fill; returns where they start. */
  room(length: number): number {
    this.buffer.writeInt32BE(length, this.offset);
    const at = this.offset + 4;
    this.offset = at + length;
    return at;
  }

  /** A field of `before` bytes of room, `value`'s UTF-8 bytes and `after` bytes of room; returns the value's byte length. */
  textWithRoom(before: number, value: string, after: number): number {
    const length = writeUtf8(this.buffer, this.offset + 4 + before, value);
    this.buffer.writeInt32BE(before + length + after, this.offset);
    this.offset += 4 + before + length + after;
    return length;
  }

  text(value: string | null): void {
    if (value === null) {
      this.null();
    } else {
      this.textWithRoom(0, value, 0);
    }
  }

  /** A field already encoded (a constant). */
  bytes(value: Buffer): void {
    this.buffer.writeInt32BE(value.length, this.offset);
    this.buffer.set(value, this.offset + 4);
    this.offset += 4 + value.length;
  }

  /** A `date` from `YYYY-MM-DD`: days since 2000-01-01. */
  date(iso: string): void {
    const days = Date.UTC(digits(iso, 0, 4), digits(iso, 5, 2) - 1, digits(iso, 8, 2)) / 86_400_000 - PG_EPOCH_DAYS;
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeInt32BE(days, this.offset + 4);
    this.offset += 8;
  }

  /** The data, trailer added. */
  finish(): Buffer {
    this.buffer.writeInt16BE(-1, this.offset);
    this.offset += 2;
    return this.buffer.subarray(0, this.offset);
  }
}

/** Bytes a field adds besides its value: the length prefix. */
export const FIELD_OVERHEAD = 4;
/** Bytes a tuple adds besides its fields: the field count. */
export const TUPLE_OVERHEAD = 2;

const BINARY_COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const PG_EPOCH_DAYS = Date.UTC(2000, 0, 1) / 86_400_000;

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    n = n * 10 + text.charCodeAt(i) - 48;
  }
  return n;
}

/** Writes `value` as UTF-8 at `at`; returns its byte length. ASCII, the common case of identifiers, skips the native call. */
function writeUtf8(buffer: Buffer, at: number, value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) {
      return i + buffer.write(value.slice(i), at + i, 'utf8');
    }
    buffer[at + i] = c;
  }
  return value.length;
}

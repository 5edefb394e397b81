import { StringDecoder } from 'node:string_decoder';

/** One CSV record: `line` is the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is not valid RFC 4180 (e.g. text after a closing quote, an unclosed quote). */
  malformed?: string;
}

/**
 * Streams RFC 4180 records out of UTF-8 chunks: comma separators, CRLF or LF line ends,
 * double-quoted fields with `""` for a quote and with commas and line breaks inside. A BOM
 * at the start is dropped, blank lines are skipped. Records come in arrays, one per chunk,
 * with the number of bytes consumed so far (for a progress bar).
 */
export async function* readCsv(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ records: CsvRecord[]; bytes: number }> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvParser();
  let bytes = 0;
  let first = true;
  for await (const chunk of chunks) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    yield { records: parser.push(text, false), bytes };
  }
  yield { records: parser.push(decoder.end(), true), bytes };
}

/** A quoted record longer than this is taken for an unclosed quote. */
const MAX_RECORD_CHARS = 1 << 20;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

class CsvParser {
  private buffer = '';
  private line = 1;

  push(text: string, end: boolean): CsvRecord[] {
    this.buffer = this.buffer.length > 0 ? this.buffer + text : text;
    const out: CsvRecord[] = [];
    let pos = 0;
    const buf = this.buffer;
    // The next quote in the buffer, found once and again only after passing it, so that
    // quote-free files are scanned in linear time.
    let quote = -1;
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos);
      if (quote !== Infinity && quote < pos) {
        quote = buf.indexOf('"', pos);
        if (quote < 0) {
          quote = Infinity;
        }
      }
      // Fast path: a whole line without quotes is one record.
      if (nl >= 0) {
        const lineEnd = nl > pos && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if (quote > nl) {
          if (lineEnd > pos) {
            out.push({ line: this.line, fields: buf.slice(pos, lineEnd).split(',') });
          }
          this.line++;
          pos = nl + 1;
          continue;
        }
      } else if (!end) {
        break;
      }
      const parsed = this.parseQuoted(buf, pos, end);
      if (!parsed) {
        if (buf.length - pos <= MAX_RECORD_CHARS || nl < 0) {
          break;
        }
        // An unclosed quote would swallow the rest of the file: give up on this line alone.
        out.push({ line: this.line, fields: [trimCr(buf.slice(pos, nl), true)], malformed: '引号未闭合' });
        this.line++;
        pos = nl + 1;
        continue;
      }
      if (parsed.record) {
        out.push(parsed.record);
      }
      pos = parsed.next;
    }
    this.buffer = buf.slice(pos);
    return out;
  }

  /** Parses one record that may hold quotes; null when more text is needed to finish it. */
  private parseQuoted(buf: string, start: number, end: boolean): { record?: CsvRecord; next: number } | null {
    const fields: string[] = [];
    let lines = 0;
    let pos = start;
    let malformed: string | undefined;
    for (;;) {
      let value = '';
      if (buf.charCodeAt(pos) === QUOTE) {
        let from = pos + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q < 0 || (q + 1 >= buf.length && !end)) {
            if (!end) {
              return null;
            }
            malformed ??= '引号未闭合';
            value += buf.slice(from);
            lines += countLf(buf, from, buf.length);
            pos = buf.length;
            break;
          }
          value += buf.slice(from, q);
          lines += countLf(buf, from, q);
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        // After the closing quote only a separator or the line end may follow.
        const stop = fieldEnd(buf, pos);
        if (stop >= buf.length && !end && pos < buf.length) {
          return null;
        }
        const rest = trimCr(buf.slice(pos, stop), buf.charCodeAt(stop) === LF);
        if (rest.length > 0) {
          malformed ??= '闭合引号后还有其他字符';
          value += rest;
        }
        pos = stop;
      } else {
        const stop = fieldEnd(buf, pos);
        if (stop >= buf.length && !end) {
          return null;
        }
        value = trimCr(buf.slice(pos, stop), buf.charCodeAt(stop) === LF || stop >= buf.length);
        if (value.includes('"')) {
          malformed ??= '未加引号的字段中含有引号';
        }
        pos = stop;
      }
      fields.push(value);
      if (buf.charCodeAt(pos) === COMMA) {
        pos++;
        continue;
      }
      const line = this.line;
      this.line += lines + 1;
      const next = pos < buf.length ? pos + 1 : pos;
      if (fields.length === 1 && fields[0] === '' && !malformed) {
        return { next };
      }
      return { record: malformed ? { line, fields, malformed } : { line, fields }, next };
    }
  }
}

/** Index of the next comma or LF at or after `from` (the buffer length when none). */
function fieldEnd(buf: string, from: number): number {
  let i = from;
  while (i < buf.length) {
    const c = buf.charCodeAt(i);
    if (c === COMMA || c === LF) {
      return i;
    }
    i++;
  }
  return i;
}

const trimCr = (text: string, atLineEnd: boolean) => (atLineEnd && text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text);

function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

/** One CSV record and the physical line it starts on (the header is line 1). */
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses RFC 4180 text held in memory (uploads of a few megabytes; stream large files
 * elsewhere): comma separators, CRLF or LF line ends, double-quoted fields with `""` for a
 * quote and with commas and line breaks inside. A BOM is dropped and blank lines skipped.
 * Throws a CsvSyntaxError on an unclosed quote or text after a closing quote.
 */
export function parseCsv(text: string): CsvRow[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) {
      rows.push({ line: start, fields });
    }
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < input.length) {
    const c = input[i]!;
    if (atFieldStart && c === '"') {
      const quoteLine = line;
      i += 1;
      for (;;) {
        if (i >= input.length) {
          throw new CsvSyntaxError(quoteLine, 'unclosed quote');
        }
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n') {
          line += 1;
        }
        field += q;
        i += 1;
      }
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(line, 'text after a closing quote');
      }
      atFieldStart = false;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i += 1;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      start = line;
    } else {
      field += c;
      atFieldStart = false;
      i += 1;
    }
  }
  if (field !== '' || fields.length > 0) {
    endRecord();
  }
  return rows;
}

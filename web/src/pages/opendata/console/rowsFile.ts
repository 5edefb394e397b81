/**
 * Reads a file of rows a department uploads — CSV (as the portal writes it: a header of
 * field names or of their Chinese labels) or JSON (an array of rows, or `{ rows }`) — into
 * rows keyed by field name, with numbers and booleans typed by the open fields.
 */
import type { Row } from './api';

export interface FieldSpec {
  name: string;
  label: string;
  type: string;
}

export interface ParsedRows {
  rows: Row[];
  /** Columns of the file that are no field (ignored). */
  ignored: string[];
  /** Fields the file has no column for (left empty). */
  missing: string[];
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') {
        i++;
      }
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** A CSV cell as the field's value; text the server will reject (e.g. "abc" for a number) is passed on unchanged. */
function typed(text: string, field: FieldSpec): unknown {
  if (text === '') {
    return null;
  }
  switch (field.type) {
    case 'integer':
    case 'number': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? value : text;
    }
    case 'boolean':
      return ['true', '是', '1'].includes(text.trim()) ? true : ['false', '否', '0'].includes(text.trim()) ? false : text;
    case 'string':
      // The portal's CSV guards formula-like text with a leading apostrophe: take it off again.
      return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
    default:
      return text;
  }
}

export function rowsFromCsv(text: string, fields: readonly FieldSpec[]): ParsedRows {
  const [header = [], ...records] = parseCsv(text);
  const columns = header.map((title) => fields.find((f) => f.name === title.trim() || f.label === title.trim()));
  const rows = records.map((record) => {
    const row: Row = {};
    columns.forEach((field, index) => {
      if (field) {
        row[field.name] = typed(record[index] ?? '', field);
      }
    });
    return row;
  });
  return {
    rows,
    ignored: header.filter((_, index) => columns[index] === undefined),
    missing: fields.filter((f) => !columns.includes(f)).map((f) => f.name),
  };
}

export function rowsFromJson(text: string, fields: readonly FieldSpec[]): ParsedRows {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as { rows?: unknown }).rows) ? (parsed as { rows: unknown[] }).rows : null;
  if (list === null || !list.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    throw new Error('JSON must be an array of rows or { "rows": [...] }');
  }
  const rows = list as Row[];
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  return {
    rows,
    ignored: [...keys].filter((k) => !fields.some((f) => f.name === k)),
    missing: fields.filter((f) => !keys.has(f.name)).map((f) => f.name),
  };
}

/** Reads an uploaded `.csv` or `.json` file. */
export async function readRowsFile(file: File, fields: readonly FieldSpec[]): Promise<ParsedRows> {
  const text = await file.text();
  return /\.json$/i.test(file.name) || file.type === 'application/json' ? rowsFromJson(text, fields) : rowsFromCsv(text, fields);
}

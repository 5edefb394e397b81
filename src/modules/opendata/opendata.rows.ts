/**
 * A dataset's rows: checked against its open fields, with every other field left out, and
 * written as CSV or JSON.
 */
import { InvalidRows } from './opendata.errors.js';
import type { OpenField, Row } from './opendata.model.js';

export const MAX_ROWS = 100_000;
const MAX_ISSUES = 20;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function valid(field: OpenField, value: unknown): boolean {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' && value.length <= 10_000;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE.test(value);
    case 'datetime':
      return typeof value === 'string' && DATETIME.test(value) && !Number.isNaN(Date.parse(value));
  }
}

/**
 * The rows reduced to the open fields, in their order; a missing value becomes null.
 * Fields that are not open (sensitive, or left out by the publisher) are dropped whatever
 * they hold. Throws OPENDATA_INVALID_ROWS listing the first problems (row, field, type).
 */
export function projectRows(rows: readonly Record<string, unknown>[], fields: readonly OpenField[]): Row[] {
  if (rows.length > MAX_ROWS) {
    throw InvalidRows({ issues: [{ row: MAX_ROWS, field: null, message: `at most ${MAX_ROWS} rows` }] });
  }
  const issues: Array<{ row: number; field: string; message: string }> = [];
  const projected = rows.map((row, index) => {
    const out: Row = {};
    for (const field of fields) {
      const value = row[field.name];
      if (value === undefined || value === null) {
        out[field.name] = null;
      } else if (valid(field, value)) {
        out[field.name] = value as string | number | boolean;
      } else if (issues.length < MAX_ISSUES) {
        issues.push({ row: index, field: field.name, message: `must be ${field.type}` });
      }
    }
    return out;
  });
  if (issues.length > 0) {
    throw InvalidRows({ issues });
  }
  return projected;
}

/** A CSV cell (RFC 4180); text that a spreadsheet would run as a formula is prefixed with `'`. */
function cell(value: string | number | boolean | null, field: OpenField): string {
  if (value === null) {
    return '';
  }
  let text = String(value);
  if (field.type === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header of field names, CRLF line ends and a UTF-8 BOM (spreadsheets read Chinese right). */
export function toCsv(rows: readonly Row[], fields: readonly OpenField[]): string {
  const lines = [fields.map((f) => cell(f.name, { ...f, type: 'string' })).join(',')];
  for (const row of rows) {
    lines.push(fields.map((f) => cell(row[f.name] ?? null, f)).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

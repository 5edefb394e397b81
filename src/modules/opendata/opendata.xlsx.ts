/**
 * A dataset's rows as an Excel workbook (XLSX): one sheet, a header of the open fields'
 * Chinese labels, the same rows and values as the CSV. Written by `write-excel-file`.
 */
import writeExcelFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { OpenField, Row } from './opendata.model.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Spreadsheets cap a sheet name at 31 characters and forbid a few. */
const sheetName = (title: string) => title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31).trim() || '数据';

function cellOf(value: string | number | boolean | null | undefined, field: OpenField): Cell {
  if (value === null || value === undefined) {
    return null;
  }
  switch (field.type) {
    case 'integer':
    case 'number':
      return typeof value === 'number' ? { type: Number, value } : { type: String, value: String(value) };
    case 'boolean':
      return typeof value === 'boolean' ? { type: Boolean, value } : { type: String, value: String(value) };
    case 'string':
    case 'date':
    case 'datetime':
      // Dates stay text as in the CSV, so both files hold the same values; a string is never a formula in XLSX.
      return { type: String, value: String(value) };
  }
}

/** The workbook's bytes. The header row is bold and frozen; columns are sized to the labels. */
export async function toXlsx(rows: readonly Row[], fields: readonly OpenField[], title: string): Promise<Buffer> {
  const header: Cell[] = fields.map((f) => ({ type: String, value: f.label || f.name, fontWeight: 'bold' }));
  const data: SheetData = [header, ...rows.map((row) => fields.map((f) => cellOf(row[f.name], f)))];
  const columns = fields.map((f) => ({ width: Math.min(40, Math.max(10, (f.label || f.name).length * 2 + 4)) }));
  return writeExcelFile(data, { sheet: sheetName(title), stickyRowsCount: 1, columns }).toBuffer();
}

import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF ends and a BOM', () => {
    const rows = parseCsv('\uFEFFcode,name\r\nA1,"梁子湖, 东岸"\r\n\r\nA2,"say ""hi""\nthere"\nA3,');
    expect(rows).toEqual([
      { line: 1, fields: ['code', 'name'] },
      { line: 2, fields: ['A1', '梁子湖, 东岸'] },
      { line: 4, fields: ['A2', 'say "hi"\nthere'] },
      { line: 6, fields: ['A3', ''] },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(expect.objectContaining({ name: 'CsvSyntaxError', line: 2 }));
    expect(() => parseCsv('a,b\n"x"y,1\n')).toThrow(expect.objectContaining({ name: 'CsvSyntaxError', line: 2 }));
  });
});

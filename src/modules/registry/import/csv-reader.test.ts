import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from './csv-reader.js';

async function parse(text: string | Buffer, chunkSize = 7): Promise<CsvRecord[]> {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  async function* chunks() {
    for (let i = 0; i < data.length; i += chunkSize) {
      yield data.subarray(i, i + chunkSize);
    }
  }
  const out: CsvRecord[] = [];
  for await (const { records } of readCsv(chunks())) {
    out.push(...records);
  }
  return out;
}

describe('readCsv', () => {
  it('reads plain records with LF or CRLF, drops a BOM and blank lines, numbers physical lines', async () => {
    const text = '\uFEFF姓名,公民身份号码\r\n张三,1\r\n\r\n李四,2\n王五,3';
    for (const size of [1, 2, 3, 5, 64]) {
      expect(await parse(text, size)).toEqual([
        { line: 1, fields: ['姓名', '公民身份号码'] },
        { line: 2, fields: ['张三', '1'] },
        { line: 4, fields: ['李四', '2'] },
        { line: 5, fields: ['王五', '3'] },
      ]);
    }
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, keeping later line numbers right', async () => {
    const text = 'a,b,c\n"x,1","say ""hi""",3\n"multi\nline\r\ntext",,\n"",last,"q"\n';
    for (const size of [1, 4, 100]) {
      expect(await parse(text, size)).toEqual([
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x,1', 'say "hi"', '3'] },
        { line: 3, fields: ['multi\nline\r\ntext', '', ''] },
        { line: 6, fields: ['', 'last', 'q'] },
      ]);
    }
  });

  it('marks malformed records instead of stopping', async () => {
    const records = await parse('a,b\n"x"y,2\nab"c,3\nok,4\n"open,5\n');
    expect(records.map((r) => [r.line, r.malformed ?? null])).toEqual([
      [1, null],
      [2, '闭合引号后还有其他字符'],
      [3, '未加引号的字段中含有引号'],
      [4, null],
      [5, '引号未闭合'],
    ]);
    expect(records[1]?.fields).toEqual(['xy', '2']);
  });

  it('does not split a multi-byte character across chunks', async () => {
    const text = '鄂州市,梁子湖区\n华容区,鄂城区\n';
    for (let size = 1; size < 10; size++) {
      expect((await parse(text, size)).map((r) => r.fields)).toEqual([
        ['鄂州市', '梁子湖区'],
        ['华容区', '鄂城区'],
      ]);
    }
  });

  it('reports bytes consumed and parses a large quote-free input in linear time', async () => {
    const line = '420704198001010011,张三丰,男,1980-01-01,汉族,420704001,鄂城区凤凰街道滨湖北路12号,13812345678,正常\n';
    const data = Buffer.from(line.repeat(200_000));
    async function* chunks() {
      for (let i = 0; i < data.length; i += 65_536) {
        yield data.subarray(i, i + 65_536);
      }
    }
    const started = performance.now();
    let count = 0;
    let bytes = 0;
    for await (const batch of readCsv(chunks())) {
      count += batch.records.length;
      bytes = batch.bytes;
    }
    expect(count).toBe(200_000);
    expect(bytes).toBe(data.length);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

export { parseCsv, CsvSyntaxError, type CsvRow } from './csv.js';

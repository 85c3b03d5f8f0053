import type { StateContext } from '../types.ts';
import { readerFailure } from './distributedMapItemReader.ts';

const DELIMITERS: Readonly<Record<string, string>> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/**
 * Reads CSV text as a Distributed Map does: each row becomes an object keyed by the header,
 * every value a string. The header is the first row (`CSVHeaderLocation` FIRST_ROW, the default)
 * or `CSVHeaders` (GIVEN). Quoted fields may hold delimiters, doubled quotes and line breaks.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export function parseCsv(ctx: StateContext, text: string, config: Record<string, unknown>): Record<string, string>[] {
  const delimiter = DELIMITERS[String(config.CSVDelimiter ?? 'COMMA')];
  if (delimiter === undefined) throw readerFailure(ctx, `unknown CSVDelimiter ${JSON.stringify(config.CSVDelimiter)} (use COMMA, PIPE, SEMICOLON, SPACE or TAB).`);
  const rows = splitRows(ctx, text, delimiter);
  let header: string[];
  if (config.CSVHeaderLocation === 'GIVEN') {
    if (!Array.isArray(config.CSVHeaders) || !config.CSVHeaders.every((h) => typeof h === 'string')) {
      throw readerFailure(ctx, 'CSVHeaderLocation GIVEN needs CSVHeaders, an array of strings.');
    }
    header = config.CSVHeaders as string[];
  } else {
    header = rows.shift() ?? [];
  }
  return rows.map((row, index) => {
    if (row.length > header.length) throw readerFailure(ctx, `CSV row ${index + 1} has ${row.length} fields but the header has ${header.length}.`);
    const item: Record<string, string> = {};
    header.forEach((name, column) => (item[name] = row[column] ?? ''));
    return item;
  });
}

/** RFC 4180 rows; a blank line (including the final newline) is no row. */
function splitRows(ctx: StateContext, text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let touched = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (char === '"' && field === '') {
      quoted = touched = true;
    } else if (char === delimiter) {
      row.push(field), (field = ''), (touched = true);
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      if (touched || field !== '') row.push(field), rows.push(row);
      (row = []), (field = ''), (touched = false);
    } else {
      (field += char), (touched = true);
    }
  }
  if (quoted) throw readerFailure(ctx, 'the CSV ends inside a quoted field.');
  if (touched || field !== '') row.push(field), rows.push(row);
  return rows;
}

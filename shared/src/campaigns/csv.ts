// RFC 4180 CSV: quoted fields (with "" escapes and line breaks inside), CRLF or LF, a BOM.
// Each record carries the line it starts on, so errors can name it.

export interface CsvRecord {
  /** 1-based line in the text where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Comma, or semicolon when the first line has semicolons and no commas (spreadsheet exports in
 * locales with a decimal comma). */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
}

/** Every record of the text; blank lines are skipped. Throws CsvSyntaxError for a quote that is
 * never closed or text right after a closing quote. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) throw new CsvSyntaxError(start, `line ${start}: a quoted field is never closed`);
          const chunk = text.slice(i, close);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          value += chunk;
          i = close + 1;
          if (text[i] === '"') {
            value += '"';
            i++;
          } else break;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, `line ${line}: unexpected text after a closing quote`);
        }
      } else {
        let end = i;
        while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
        value = text.slice(i, end);
        i = end;
      }
      fields.push(NEUTRALISED.test(value) ? value.slice(1) : value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
    line++;
  }
  return records;
}

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection): exported
// cells get a leading ' (shown as text, OWASP's advice), and an import drops it again, so an
// exported list imports back as it was.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (CRLF-terminated, as RFC 4180 asks), formula-like cells neutralised. */
export function formatCsvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map((value) => quote(neutralise(value ?? ''))).join(',')}\r\n`;
}

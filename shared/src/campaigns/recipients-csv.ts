// Recipients to and from CSV: `number,name,jobTitle,companyName` plus any extra columns, which
// are kept as custom fields. Bad rows are reported with their line, good rows still count.
import { CsvSyntaxError, formatCsvRow, parseCsv } from './csv.js';
import { dedupeRecipients, type Recipient } from './recipients.js';
import { ownValue, setOwnValue } from '../own-value.js';
import { type DefaultCountry, normalizePhone, phoneErrorMessage } from '../phone/normalize.js';

export interface CsvRowError {
  line: number;
  message: string;
}

export interface ParsedRecipientsCsv {
  /** One per number, in order of first appearance. */
  recipients: Recipient[];
  /** Valid rows folded into an earlier row with the same number. */
  merged: number;
  errors: CsvRowError[];
}

export const STANDARD_COLUMNS = ['number', 'name', 'jobTitle', 'companyName'] as const;
type Standard = (typeof STANDARD_COLUMNS)[number];

/** Header spellings accepted for the standard columns (lowercased, without spaces, "_" or "-"). */
const ALIASES: Record<string, Standard> = {
  number: 'number',
  phone: 'number',
  phonenumber: 'number',
  mobile: 'number',
  whatsapp: 'number',
  name: 'name',
  fullname: 'name',
  jobtitle: 'jobTitle',
  title: 'jobTitle',
  companyname: 'companyName',
  company: 'companyName',
};

/** Thrown when the file as a whole cannot be read (no header, no number column, broken quoting). */
export class CsvFileError extends Error {}

type Column = { standard: Standard } | { custom: string } | { ignored: true };

function columnsOf(header: string[]): Column[] {
  const seen = new Set<string>();
  return header.map((raw) => {
    const title = raw.trim();
    const standard = ownValue(ALIASES, title.toLowerCase().replace(/[\s_-]/g, ''));
    const key = standard ?? `custom:${title.toLowerCase()}`;
    if (title === '' || seen.has(key)) return { ignored: true };
    seen.add(key);
    return standard ? { standard } : { custom: title };
  });
}

/** Reads a recipients CSV. The first non-blank line is the header and must name a number column.
 * Numbers become E.164 digits; national-format ones are read in `defaultCountry`. */
export function parseRecipientsCsv(text: string, defaultCountry?: DefaultCountry): ParsedRecipientsCsv {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CsvFileError(`CSV ${err.message}`);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw new CsvFileError('The CSV is empty: send a header line (number,name,jobTitle,companyName) and one line per recipient.');
  const columns = columnsOf(header.fields);
  if (!columns.some((column) => 'standard' in column && column.standard === 'number')) {
    throw new CsvFileError(`The CSV header (line ${header.line}) has no number column: start the file with number,name,jobTitle,companyName.`);
  }
  const errors: CsvRowError[] = [];
  const valid: Recipient[] = [];
  for (const row of rows) {
    if (row.fields.length > columns.length && row.fields.slice(columns.length).some((value) => value.trim() !== '')) {
      errors.push({ line: row.line, message: `has ${row.fields.length} fields but the header has ${columns.length}` });
      continue;
    }
    const recipient: Recipient = { number: '', name: null, jobTitle: null, companyName: null, customFields: {} };
    let rawNumber = '';
    columns.forEach((column, index) => {
      const value = (row.fields[index] ?? '').trim();
      if ('standard' in column) {
        if (column.standard === 'number') rawNumber = value;
        else recipient[column.standard] = value === '' ? null : value;
      } else if ('custom' in column && value !== '') setOwnValue(recipient.customFields, column.custom, value);
    });
    const number = normalizePhone(rawNumber, defaultCountry);
    if (!number.ok) {
      errors.push({ line: row.line, message: phoneErrorMessage('number', rawNumber, number.reason) });
      continue;
    }
    recipient.number = number.digits;
    valid.push(recipient);
  }
  const { recipients, merged } = dedupeRecipients(valid);
  return { recipients, merged, errors };
}

/** The CSV for a set of recipients: the standard columns, then every custom field seen (in order of
 * first appearance). `parseRecipientsCsv` reads it back to the same recipients. */
export function formatRecipientsCsv(recipients: readonly Recipient[]): string {
  const custom: string[] = [];
  const known = new Set<string>();
  for (const recipient of recipients) {
    for (const key of Object.keys(recipient.customFields)) {
      if (!known.has(key)) {
        known.add(key);
        custom.push(key);
      }
    }
  }
  const out = [formatCsvRow([...STANDARD_COLUMNS, ...custom])];
  for (const r of recipients) out.push(formatCsvRow([r.number, r.name, r.jobTitle, r.companyName, ...custom.map((key) => r.customFields[key])]));
  return out.join('');
}

import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import type { Recipient } from './recipients.js';
import { CsvFileError, formatRecipientsCsv, parseRecipientsCsv } from './recipients-csv.js';

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, line breaks in fields, CRLF, a BOM and blank lines; lines are where records start', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\nlast,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });

  it('reads semicolon files', () => {
    expect(parseCsv('number;name\n123;x')).toEqual([
      { line: 1, fields: ['number', 'name'] },
      { line: 2, fields: ['123', 'x'] },
    ]);
  });
});

describe('parseRecipientsCsv', () => {
  it('keeps extra columns as custom fields, merges duplicates and reports bad rows by line', () => {
    const text = [
      'Number,Name,Job Title,Company,City',
      '+62 812 3456 7890,John,CEO,Tech Corp,Jakarta',
      'not-a-number,Bad,,,',
      '6289876543210,Jane,,Agency,',
      '62-812-3456-7890,John Updated,,,Bandung',
      ',Nobody,,,',
      '6281111111111,Too,Many,Fields,Here,Extra',
    ].join('\n');
    const parsed = parseRecipientsCsv(text);
    expect(parsed.recipients).toEqual([
      { number: '6281234567890', name: 'John Updated', jobTitle: 'CEO', companyName: 'Tech Corp', customFields: { City: 'Bandung' } },
      { number: '6289876543210', name: 'Jane', jobTitle: null, companyName: 'Agency', customFields: {} },
    ]);
    expect(parsed.merged).toBe(1);
    expect(parsed.errors).toEqual([
      { line: 3, message: expect.stringContaining('number "not-a-number" is not a phone number') },
      { line: 6, message: expect.stringContaining('number is required') },
      { line: 7, message: 'has 6 fields but the header has 5' },
    ]);
  });

  it('reads national-format numbers in the default country, and without one refuses them by line', () => {
    const text = 'number,name\n0812-3456-7890,Budi\n+62 812 9999 0000,Sari\n0812 345,Short\n';
    expect(parseRecipientsCsv(text, 'ID')).toMatchObject({
      recipients: [
        { number: '6281234567890', name: 'Budi' },
        { number: '6281299990000', name: 'Sari' },
      ],
      errors: [{ line: 4, message: 'number "0812 345" is not a valid number for ID' }],
    });
    const without = parseRecipientsCsv(text);
    expect(without.recipients.map((r) => r.number)).toEqual(['6281299990000']);
    expect(without.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^number "0812-3456-7890" is in national format \(leading 0\): write it with its country code/) },
      { line: 4, message: expect.stringContaining('number "0812 345" is in national format') },
    ]);
  });

  it('refuses a file without a number column, an empty file and broken quoting', () => {
    expect(() => parseRecipientsCsv('name,company\nJohn,X')).toThrow(CsvFileError);
    expect(() => parseRecipientsCsv('\n\n')).toThrow(/empty/);
    expect(() => parseRecipientsCsv('number,name\n123456789,"open')).toThrow(/line 2/);
  });

  it('round-trips through formatRecipientsCsv', () => {
    const recipients: Recipient[] = [
      { number: '6281234567890', name: 'Doe, John', jobTitle: 'CEO "boss"', companyName: null, customFields: { City: 'Line\nbreak' } },
      { number: '6289876543210', name: null, jobTitle: null, companyName: 'Agency', customFields: { Tier: 'gold' } },
    ];
    const csv = formatRecipientsCsv(recipients);
    expect(csv.split('\r\n')[0]).toBe('number,name,jobTitle,companyName,City,Tier');
    expect(parseRecipientsCsv(csv)).toEqual({ recipients, merged: 0, errors: [] });
  });

  it('neutralises cells a spreadsheet would run as formulas, and imports them back unchanged', () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    const recipients: Recipient[] = hostile.map((value, i) => ({
      number: `62812345678${i}0`,
      name: value,
      jobTitle: null,
      companyName: null,
      customFields: { Note: value },
    }));
    const csv = formatRecipientsCsv(recipients);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([
      `6281234567800,"'=HYPERLINK(""http://evil.example"",""x"")",,,"'=HYPERLINK(""http://evil.example"",""x"")"`,
      "6281234567810,'+1+1,,,'+1+1",
      "6281234567820,'-2+3,,,'-2+3",
      "6281234567830,'@SUM(A1),,,'@SUM(A1)",
      "6281234567840,'\tcmd,,,'\tcmd",
    ]);
    expect(csv).toContain(`,"'\r=1",`);
    // The import trims cells, so the tab and CR ones come back trimmed, as any imported cell does.
    const trimmed = recipients.map((r) => ({ ...r, name: r.name!.trim(), customFields: { Note: r.customFields.Note!.trim() } }));
    expect(parseRecipientsCsv(csv).recipients).toEqual(trimmed);
  });
});

describe('CSV columns named like Object members', () => {
  it('are custom fields', () => {
    const { recipients } = parseRecipientsCsv('number,constructor,__proto__\n6281234567890,a,b');
    const fields = recipients[0]!.customFields;
    expect(Object.entries(fields)).toEqual([
      ['constructor', 'a'],
      ['__proto__', 'b'],
    ]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(JSON.stringify(fields)).toBe('{"constructor":"a","__proto__":"b"}');
  });
});

// The new-campaign form's preview: the message as the first recipients will get it, filled by the
// same placeholder engine and read from a CSV by the same reader the gateway itself uses.
import { PLACEHOLDER_NAMES, placeholderValues, templateParts } from '../../../../shared/src/campaigns/placeholders.js';
import type { Recipient } from '../../../../shared/src/campaigns/recipients.js';
import { CsvFileError, parseRecipientsCsv } from '../../../../shared/src/campaigns/recipients-csv.js';
import { h } from './ui.js';

export const PREVIEW_COUNT = 3;

/** "number, name" lines (the form's typed-in recipients) → recipients as the API takes them. */
export function typedRecipients(value: string): { number: string; name: string | null }[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [number = '', ...name] = line.split(',');
      return { number: number.trim(), name: name.join(',').trim() || null };
    });
}

/** The first recipients of a CSV file as the import will read them (numbers in E.164, national
 * ones read in `defaultCountry`), plus how many rows it will leave out; a file it cannot read at
 * all throws its message. */
export function csvPreview(csv: string, defaultCountry: string | undefined): { recipients: Recipient[]; badRows: number } {
  try {
    const parsed = parseRecipientsCsv(csv, defaultCountry || undefined);
    return { recipients: parsed.recipients.slice(0, PREVIEW_COUNT), badRows: parsed.errors.length };
  } catch (err) {
    if (err instanceof CsvFileError) throw new Error(err.message);
    throw err;
  }
}

/** The message for one recipient as a node: placeholders filled, unknown ones marked. */
function rendered(template: string, recipient: Recipient, unknown: Set<string>): HTMLElement {
  const fill = placeholderValues(recipient);
  const out = h('article', { 'aria-label': `Preview for ${recipient.number}` });
  for (const part of templateParts(template)) {
    if ('text' in part) {
      out.append(part.text);
      continue;
    }
    const value = fill(part.placeholder);
    if (value !== undefined) out.append(value);
    else {
      unknown.add(part.placeholder);
      out.append(h('mark', { class: 'unknown', title: 'Unknown placeholder' }, part.written));
    }
  }
  return out;
}

/** The preview's nodes: one article per recipient, then a warning naming unknown placeholders. */
export function previewNodes(template: string, recipients: Recipient[]): HTMLElement[] {
  const unknown = new Set<string>();
  const items = recipients.slice(0, PREVIEW_COUNT).map((r) => rendered(template, r, unknown));
  if (unknown.size === 0) return items;
  const names = [...unknown].join(', ');
  const known = PLACEHOLDER_NAMES.join(', ');
  return [...items, h('p', { class: 'errors', role: 'alert' }, `Unknown placeholder(s): ${names}. Use ${known} or a column of your recipients.`)];
}

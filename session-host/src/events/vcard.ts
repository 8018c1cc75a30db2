// Contact cards as receivers want them: the vCard text plus the display name and phone numbers
// read from it (Cloud API `contacts` shape). One pass over lines, no regular expressions, bounded
// counts: a card is whatever the sender typed.
import { cut, LIMITS, present } from './bounded.js';

export interface ContactCard {
  vcard: string | null;
  /** set when the vCard was over the limit: its length; vcard is then null */
  vcard_size?: number;
  name: { formatted_name: string | null };
  phones: { phone: string; wa_id?: string; type?: string }[];
}

/** Reads one card. Names and numbers come from the first LIMITS.vcardChars characters. */
export function parseContactCard(vcard: unknown, displayName: unknown): ContactCard {
  const text = typeof vcard === 'string' ? vcard : '';
  const head = text.slice(0, LIMITS.vcardChars);
  let formatted: string | null = null;
  const phones: ContactCard['phones'] = [];
  for (const line of unfold(head)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [property = '', ...params] = line.slice(0, colon).split(';');
    const name = property.slice(property.lastIndexOf('.') + 1).toUpperCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'FN' && formatted === null) formatted = cut(value, LIMITS.shortTextChars);
    if (name === 'TEL' && value && phones.length < LIMITS.phonesPerContact) phones.push(phoneOf(value, params));
  }
  const tooLarge = text.length > LIMITS.vcardChars;
  return {
    vcard: tooLarge || typeof vcard !== 'string' ? null : text,
    ...(tooLarge ? { vcard_size: text.length } : {}),
    name: { formatted_name: formatted ?? cut(displayName, LIMITS.shortTextChars) },
    phones,
  };
}

function phoneOf(value: string, params: string[]): ContactCard['phones'][number] {
  let waId: string | null = null;
  let type: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? 'type' : param.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? param : param.slice(eq + 1);
    if (key === 'waid') waId = cut(val, LIMITS.phoneChars);
    else if (key === 'type' && type === null) type = cut(val, LIMITS.phoneChars);
  }
  return present({ phone: cut(value, LIMITS.phoneChars)!, wa_id: waId, type }) as ContactCard['phones'][number];
}

/** vCard lines, with folded continuation lines (starting with a space or tab) joined back. */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  return lines;
}

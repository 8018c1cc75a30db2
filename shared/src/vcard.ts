// Cloud API contact cards as vCard 3.0 text, which is what WhatsApp carries in a contact message.
import type { ContactCard } from './api/message-content.js';

/** RFC 6350 §3.4 text escaping: backslash, comma, semicolon and line breaks cannot break a field. */
export function escapeVCardText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const typeParam = (type: string | undefined, fallback: string) => `type=${(type ?? fallback).toUpperCase()}`;

export function renderVCard(card: ContactCard): string {
  const e = escapeVCardText;
  const { name } = card;
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${[name.last_name, name.first_name, name.middle_name, name.prefix, name.suffix].map((part) => e(part ?? '')).join(';')}`,
    `FN:${e(name.formatted_name)}`,
  ];
  if (card.org?.company || card.org?.department) lines.push(`ORG:${e(card.org.company ?? '')}${card.org.department ? `;${e(card.org.department)}` : ''}`);
  if (card.org?.title) lines.push(`TITLE:${e(card.org.title)}`);
  for (const phone of card.phones ?? []) {
    // waid= is what WhatsApp reads to show "Message" / "Add" for a number on WhatsApp.
    const waid = phone.wa_id ? `;waid=${phone.wa_id}` : '';
    lines.push(`TEL;${typeParam(phone.type, 'CELL')}${waid}:${e(phone.phone)}`);
  }
  for (const email of card.emails ?? []) lines.push(`EMAIL;${typeParam(email.type, 'INTERNET')}:${e(email.email)}`);
  for (const url of card.urls ?? []) lines.push(`URL;${typeParam(url.type, 'WORK')}:${e(url.url)}`);
  lines.push('END:VCARD');
  return lines.join('\n');
}

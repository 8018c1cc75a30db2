// Phone numbers as campaigns and recipient lists store them: digits only, 8-15 of them.

export const NUMBER_RULE = 'use 8-15 digits (spaces, dashes, dots, parentheses and a leading + are ignored)';

/** Digits only, or null when the input cannot be a phone number. Strips spaces, dashes, dots,
 * parentheses and a leading `+`; anything else (letters, a JID suffix, a second `+`) is refused. */
export function normalizeNumber(raw: string | number): string | null {
  let text = String(raw)
    .trim()
    .replace(/[\s\-().]/g, '');
  if (text.startsWith('+')) text = text.slice(1);
  return /^\d{8,15}$/.test(text) ? text : null;
}

/** The message for a value that `normalizeNumber` refused, naming the field. */
export function invalidNumberMessage(field: string, raw: unknown): string {
  const shown = String(raw ?? '').slice(0, 40);
  return shown.trim() === '' ? `${field} is required: ${NUMBER_RULE}` : `${field} "${shown}" is not a valid phone number: ${NUMBER_RULE}`;
}

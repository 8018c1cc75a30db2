// Limits on what contacts send: every string a webhook carries from a contact is cut to a known
// length, so one hostile message cannot make an event (or a row) of unbounded size.

export const LIMITS = {
  /** WhatsApp's own limit on a text body */
  textChars: 65_536,
  /** push names, place names, addresses, contact names, poll questions */
  shortTextChars: 1_024,
  urlChars: 2_048,
  pollOptionChars: 256,
  /** WhatsApp allows 12; more are dropped with `options_truncated` */
  pollOptions: 32,
  /** a vCard with a photo is a few KiB; larger ones are not passed on */
  vcardChars: 32 * 1_024,
  contactsPerMessage: 10,
  phonesPerContact: 20,
  phoneChars: 64,
  emojiChars: 32,
  idChars: 128,
} as const;

/** At most `max` code points (never half a surrogate pair); null for anything not a string. */
export function cut(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  if (value.length <= max) return value;
  return [...value.slice(0, 2 * max)].slice(0, max).join('');
}

/** A finite number within [min, max], or null. */
export function inRange(value: unknown, min: number, max: number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Only the entries whose value is neither null nor undefined. */
export function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null)) as Partial<T>;
}

// A campaign or list recipient, and how duplicates (same normalized number) are merged.
import { setOwnValue } from '../own-value.js';

export interface Recipient {
  /** E.164 digits, no "+" (see normalizePhone in shared/src/phone). */
  number: string;
  name: string | null;
  jobTitle: string | null;
  companyName: string | null;
  /** Extra columns / fields, kept for `{{placeholders}}`. */
  customFields: Record<string, string>;
}

const blank = (value: string | null | undefined) => value === null || value === undefined || value.trim() === '';

/** Folds `next` into `into`: a non-blank field of the later entry wins; custom fields are merged. */
export function mergeInto(into: Recipient, next: Recipient): void {
  if (!blank(next.name)) into.name = next.name;
  if (!blank(next.jobTitle)) into.jobTitle = next.jobTitle;
  if (!blank(next.companyName)) into.companyName = next.companyName;
  for (const [key, value] of Object.entries(next.customFields)) if (!blank(value)) setOwnValue(into.customFields, key, value);
}

/** One entry per number, in order of first appearance; `merged` counts the entries folded away. */
export function dedupeRecipients(recipients: Iterable<Recipient>): { recipients: Recipient[]; merged: number } {
  const byNumber = new Map<string, Recipient>();
  let merged = 0;
  for (const recipient of recipients) {
    const seen = byNumber.get(recipient.number);
    if (seen) {
      mergeInto(seen, recipient);
      merged++;
    } else byNumber.set(recipient.number, { ...recipient, customFields: { ...recipient.customFields } });
  }
  return { recipients: [...byNumber.values()], merged };
}

/** Every custom field name used by any of these recipients. */
export function customFieldNames(recipients: Iterable<Recipient>): Set<string> {
  const names = new Set<string>();
  for (const recipient of recipients) for (const key of Object.keys(recipient.customFields)) names.add(key);
  return names;
}

import { MAX_MESSAGES_PER_REQUEST, OutgoingMessage } from '../../../shared/src/api/messages.js';
import { phoneErrorMessage } from '../../../shared/src/phone/normalize.js';
import { normalizeRecipient } from '../../../shared/src/phone/recipient.js';
import { ApiError, validationError } from '../errors.js';
import type { ValidatedItem } from './enqueue.js';

/** Splits a POST /messages body into items, each validated on its own (COMPAT: one bad item
 * is reported at its index and does not sink the others). */
export function validateItems(body: unknown): ValidatedItem[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new ApiError(400, 'The body must be a message object or a non-empty array of messages.');
  if (list.length > MAX_MESSAGES_PER_REQUEST) throw new ApiError(400, `Maximum ${MAX_MESSAGES_PER_REQUEST} messages per request`);
  return list.map((raw, index) => {
    const parsed = OutgoingMessage.safeParse(raw);
    return parsed.success ? { index, ok: true, item: parsed.data } : { index, ok: false, message: validationError(parsed.error).message };
  });
}

/** Each valid item's `to` as E.164 digits, read in the session's default country; a number that
 * is none turns its item into an error naming `to`. */
export function normalizeRecipients(items: ValidatedItem[], defaultCountry: string | undefined): ValidatedItem[] {
  return items.map((entry) => {
    if (!entry.ok) return entry;
    const to = normalizeRecipient(entry.item.to, entry.item.recipient_type, defaultCountry);
    if (!to.ok) return { index: entry.index, ok: false, message: phoneErrorMessage('to', entry.item.to, to.reason) };
    return { ...entry, item: { ...entry.item, to: to.digits } };
  });
}

import { toJid } from '../../../../shared/src/api/messages.js';
import { phoneErrorMessage } from '../../../../shared/src/phone/normalize.js';
import { normalizeRecipient } from '../../../../shared/src/phone/recipient.js';
import { ApiError } from '../../errors.js';

/** The chat's JID: a JID as given, a number as E.164 digits (read in the session's country). */
export function chatJid(chatId: string, defaultCountry: string | undefined): string {
  const normalized = normalizeRecipient(chatId, 'individual', defaultCountry);
  if (!normalized.ok) {
    const message = phoneErrorMessage('chatId', chatId, normalized.reason);
    throw new ApiError(400, message, [{ path: 'chatId', message }]);
  }
  return toJid(normalized.digits, 'individual');
}

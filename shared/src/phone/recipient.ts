// A send's `to`: a phone number or a WhatsApp JID. The shape is checked statically (zod); the
// number becomes E.164 digits once the session, and so its default country, is known.
import { type DefaultCountry, looksLikePhone, normalizePhone, type PhoneCheck } from './normalize.js';

const JID = /^\d{8,15}(:\d+)?@s\.whatsapp\.net$|^[\d-]{8,40}@g\.us$|^\d+@lid$/;

export const RECIPIENT_RULE = 'to must be a phone number (6281234567890, +62 812-3456-7890) or a WhatsApp JID (…@s.whatsapp.net, …@g.us, …@lid)';

/** A JID, or what could be a phone number (digits with formatting and a leading +). */
export function isRecipientShape(value: string): boolean {
  return JID.test(value) || looksLikePhone(value);
}

/** The `to` a message is sent to: JIDs and group ids pass through, a number becomes E.164 digits
 * (national format read in `defaultCountry`). */
export function normalizeRecipient(to: string, recipientType: 'individual' | 'group', defaultCountry: DefaultCountry): PhoneCheck {
  if (to.includes('@')) return { ok: true, digits: to };
  // A group id without its @g.us suffix: digits, possibly with the dashes of old-style ids.
  if (recipientType === 'group') return { ok: true, digits: to.replace(/[\s\-().+]/g, '') };
  return normalizePhone(to, defaultCountry);
}

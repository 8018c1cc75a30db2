import { z } from 'zod';
import { SessionId } from './common.js';

/** At most this many numbers per `POST /contacts/check`. */
export const MAX_CONTACTS_PER_CHECK = 100;

/** SEAM for the E.164 normaliser (shared/src/phone/): a phone number as digits, or null. Today it
 * accepts what `Recipient` accepts: 8–15 digits, a leading "+", spaces and dashes, or a phone JID. */
export function phoneDigits(input: string): string | null {
  const value = input.trim().replace(/^\+/, '').replace(/[\s-]/g, '');
  const jid = /^(\d{8,15})(?::\d+)?@s\.whatsapp\.net$/.exec(value);
  if (jid) return jid[1]!;
  return /^\d{8,15}$/.test(value) ? value : null;
}

/** A contact named by phone or by LID: `{ phone }` digits or `{ lid }` digits (user part). */
export type ContactRef = { phone: string; lid?: undefined } | { lid: string; phone?: undefined };

export function contactRef(input: string): ContactRef | null {
  const lid = /^(\d{1,20})(?::\d+)?@lid$/.exec(input.trim());
  if (lid) return { lid: lid[1]! };
  const phone = phoneDigits(input);
  return phone ? { phone } : null;
}

const ContactIdMessage = 'id must be a phone number (8-15 digits), a phone JID (…@s.whatsapp.net) or a LID (…@lid)';

export const ContactIdParam = z.object({
  id: z
    .string()
    .max(64, ContactIdMessage)
    .refine((value) => contactRef(value) !== null, ContactIdMessage),
});

export const ContactSessionQuery = z.object({ sessionId: SessionId });

export const ContactIdentity = z.object({
  status: z.literal('success'),
  phone: z.string().nullable().describe('Phone number (digits); null when this session has not learned it'),
  lid: z.string().nullable().describe('LID JID (…@lid); null when this session has not learned it'),
  jid: z.string().describe('The JID to send to: the phone JID when the number is known, else the LID'),
  pushName: z.string().nullable().describe('The name the contact gave themselves on WhatsApp, as last seen'),
  known: z.boolean().describe('false: this session has learned nothing about the contact (the ids are the input echoed)'),
});

export const CheckContactsBody = z.object({
  contacts: z
    .array(
      z
        .string()
        .max(64, 'contacts: each number must be at most 64 characters')
        .refine((value) => phoneDigits(value) !== null, 'contacts: each item must be a phone number (8-15 digits) or a phone JID'),
      { error: 'contacts must be an array of phone numbers' },
    )
    .min(1, 'contacts must hold at least one number')
    .max(MAX_CONTACTS_PER_CHECK, `contacts must hold at most ${MAX_CONTACTS_PER_CHECK} numbers`),
});

export const CheckedContact = z.object({
  input: z.string().describe('The number as given'),
  status: z.enum(['valid', 'invalid', 'processing']).describe('valid: on WhatsApp; invalid: not; processing: not asked yet (send pace), ask again'),
  exists: z.boolean().nullable(),
  wa_id: z.string().nullable().describe('The WhatsApp number (digits), as in Meta’s API'),
  jid: z.string().nullable().describe('The phone JID'),
  lid: z.string().nullable().describe('The LID JID, when WhatsApp told it'),
  cached: z.boolean().describe('Answered from what the session already knew, without asking WhatsApp'),
});
export type CheckedContact = z.infer<typeof CheckedContact>;

export const CheckContactsResponse = z.object({ status: z.literal('success'), contacts: z.array(CheckedContact) });

import { z } from 'zod';
import { looksLikePhone, normalizePhone, type DefaultCountry, type PhoneCheck } from '../phone/normalize.js';
import { SessionId } from './common.js';

/** At most this many numbers per `POST /contacts/check`. */
export const MAX_CONTACTS_PER_CHECK = 100;

const PHONE_JID = /^(\d{4,20})(?::\d+)?@s\.whatsapp\.net$/;

/** Could be a phone number (any format) or a phone JID: the shape a schema checks before the
 * session's country is known. */
export const isPhoneInput = (input: string): boolean => PHONE_JID.test(input.trim()) || looksLikePhone(input);

/** A phone number or phone JID as E.164 digits: a JID as it is, a number normalised like `to`
 * (national formats read in the session's country), or why it is not one. */
export function contactPhone(input: string, country: DefaultCountry): PhoneCheck {
  const jid = PHONE_JID.exec(input.trim());
  return jid ? { ok: true, digits: jid[1]! } : normalizePhone(input, country);
}

/** Digits of a phone number already in E.164 (a normalised `to`), or of a phone JID; else null. */
export function phoneDigits(input: string): string | null {
  const value = input.trim().replace(/^\+/, '').replace(/[\s-]/g, '');
  const jid = /^(\d{8,15})(?::\d+)?@s\.whatsapp\.net$/.exec(value);
  if (jid) return jid[1]!;
  return /^\d{8,15}$/.test(value) ? value : null;
}

/** A contact named by phone or by LID: `{ phone }` digits or `{ lid }` digits (user part). */
export type ContactRef = { phone: string; lid?: undefined } | { lid: string; phone?: undefined };

export function contactRef(input: string): ContactRef | null {
  const lid = LID.exec(input.trim());
  if (lid) return { lid: lid[1]! };
  const phone = phoneDigits(input);
  return phone ? { phone } : null;
}

const ContactIdMessage = 'id must be a phone number (6281234567890, +62 812-3456-7890), a phone JID (…@s.whatsapp.net) or a LID (…@lid)';
const LID = /^(\d{1,20})(?::\d+)?@lid$/;

export const ContactIdParam = z.object({
  id: z
    .string()
    .max(64, ContactIdMessage)
    .refine((value) => LID.test(value.trim()) || isPhoneInput(value), ContactIdMessage),
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
        .refine(isPhoneInput, 'contacts: each item must be a phone number (6281234567890, +62 812-3456-7890) or a phone JID'),
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

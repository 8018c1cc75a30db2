// Content objects of the message types beyond text, image and document, shaped like Meta's
// WhatsApp Cloud API message objects so clients written for it need few changes. Every string and
// list is bounded: a payload is stored as is and read again by the session host.
import { z } from 'zod';
import { httpUrl } from './common.js';
import { MediaId } from './media.js';

/** A WhatsApp message key id as this gateway and WhatsApp make them (short, no spaces). */
export const MessageKeyId = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .min(1, `${field} must not be empty`)
    .max(128, `${field} must be at most 128 characters`)
    .regex(/^[A-Za-z0-9._:-]+$/, `${field} must be a WhatsApp message id`);

export const MediaRef = z
  .object({ link: httpUrl('link').optional(), id: MediaId.optional() })
  .refine((value) => Boolean(value.link) !== Boolean(value.id), { message: 'give exactly one of link or id' });

const Caption = z.string().max(1024, 'caption must be at most 1024 characters').optional();

export const VideoContent = MediaRef.and(z.object({ caption: Caption }));
export const AudioContent = MediaRef.and(z.object({ voice: z.boolean({ error: 'voice must be true or false' }).optional() }));
export const StickerContent = MediaRef;

/** A number or a decimal string (Cloud API examples quote them), within [-limit, limit]. */
const degrees = (field: string, limit: number) =>
  z
    .union([
      z.number({ error: `${field} must be a number` }),
      z
        .string()
        .regex(/^-?\d{1,3}(\.\d{1,15})?$/, `${field} must be a number`)
        .transform(Number),
    ])
    .pipe(z.number().min(-limit, `${field} must be between -${limit} and ${limit}`).max(limit, `${field} must be between -${limit} and ${limit}`))
    .describe(`Degrees, -${limit} to ${limit} (a number or a decimal string)`);

export const LocationContent = z.object({
  latitude: degrees('latitude', 90),
  longitude: degrees('longitude', 180),
  name: z.string().max(256, 'name must be at most 256 characters').optional(),
  address: z.string().max(512, 'address must be at most 512 characters').optional(),
});

const CardText = (max = 256) => z.string().max(max, `must be at most ${max} characters`);
/** vCard TYPE parameter values: a word, nothing that could break out of the parameter. */
const CardType = z
  .string()
  .regex(/^[A-Za-z]{1,20}$/, 'type must be a word of letters (e.g. CELL, WORK, HOME)')
  .optional();

export const ContactCard = z.object({
  name: z.object(
    {
      formatted_name: CardText().min(1, 'formatted_name is required'),
      first_name: CardText().optional(),
      last_name: CardText().optional(),
      middle_name: CardText().optional(),
      prefix: CardText(32).optional(),
      suffix: CardText(32).optional(),
    },
    { error: 'name is required: { formatted_name, first_name?, last_name?, ... }' },
  ),
  phones: z
    .array(
      z.object({
        phone: z
          .string({ error: 'phone is required' })
          .max(32)
          .regex(/^\+?[\d ()-]{3,31}$/, 'phone must be digits, spaces, "+", "-" or parentheses'),
        type: CardType,
        wa_id: z
          .string()
          .regex(/^\d{5,20}$/, 'wa_id must be digits')
          .optional(),
      }),
    )
    .max(10, 'at most 10 phones per contact')
    .optional(),
  emails: z
    .array(z.object({ email: CardText().min(3, 'email is required'), type: CardType }))
    .max(10, 'at most 10 emails per contact')
    .optional(),
  org: z.object({ company: CardText().optional(), department: CardText().optional(), title: CardText().optional() }).optional(),
  urls: z
    .array(z.object({ url: CardText(2048).min(1, 'url is required'), type: CardType }))
    .max(10, 'at most 10 urls per contact')
    .optional(),
});
export type ContactCard = z.infer<typeof ContactCard>;

export const ContactsContent = z
  .array(ContactCard, { error: 'contacts must be an array of contact cards' })
  .min(1, 'contacts must not be empty')
  .max(20, 'at most 20 contacts per message');

export const ReactionContent = z.object({
  message_id: MessageKeyId('reaction.message_id'),
  /** Empty removes the reaction. A few code units: one emoji, modifiers and joiners included. */
  emoji: z.string({ error: 'reaction.emoji is required ("" removes the reaction)' }).max(32, 'emoji must be one emoji'),
});

export const MIN_POLL_OPTIONS = 2;
export const MAX_POLL_OPTIONS = 12;

export const PollContent = z
  .object({
    name: z.string({ error: 'poll.name is required' }).trim().min(1, 'name must not be empty').max(255, 'name must be at most 255 characters'),
    options: z
      .array(z.string().trim().min(1, 'an option must not be empty').max(100, 'an option must be at most 100 characters'), {
        error: 'poll.options must be an array of strings',
      })
      .min(MIN_POLL_OPTIONS, `options must have ${MIN_POLL_OPTIONS} to ${MAX_POLL_OPTIONS} entries`)
      .max(MAX_POLL_OPTIONS, `options must have ${MIN_POLL_OPTIONS} to ${MAX_POLL_OPTIONS} entries`)
      .refine((options) => new Set(options).size === options.length, 'options must be unique'),
    selectableCount: z.number().int('selectableCount must be a whole number').min(1, 'selectableCount must be at least 1').default(1),
  })
  .refine((poll) => poll.selectableCount <= poll.options.length, {
    message: 'selectableCount must not exceed the number of options',
    path: ['selectableCount'],
  });

/** Reply to (quote) a message of the same chat. */
export const ReplyContext = z.object({ message_id: MessageKeyId('context.message_id') });

/** Numbers the text mentions; each must appear in it as `@<number>`. */
export const Mentions = z
  .array(z.string().regex(/^\d{8,15}$/, 'a mention must be 8-15 digits'))
  .min(1, 'mentions must not be empty')
  .max(256, 'at most 256 mentions');

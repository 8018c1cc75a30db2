// Groups: what the API accepts and answers, and the command the edge relays to the session's host.
import { z } from 'zod';
import { SessionId } from './common.js';

/** WhatsApp's own limits: longer subjects and descriptions are refused by the server. */
export const MAX_GROUP_SUBJECT = 100;
export const MAX_GROUP_DESCRIPTION = 2048;
/** Participants one request may name (create or change); more are refused, not split. */
export const MAX_PARTICIPANTS_PER_REQUEST = 50;

/** `120363…` or `120363…@g.us` (older groups: `<creator>-<timestamp>`); answered as the full JID. */
export const GroupId = z
  .string({ error: 'groupId is required' })
  .trim()
  .regex(/^\d{5,25}(-\d{5,15})?(@g\.us)?$/, 'groupId must be a WhatsApp group id, e.g. 120363012345678901@g.us')
  .transform((value) => (value.endsWith('@g.us') ? value : `${value}@g.us`))
  .meta({ example: '120363012345678901@g.us' });

/** A person: 8–15 digits (a "+", spaces, dashes and brackets are tolerated) or a `<lid>@lid`. */
const ParticipantInput = z
  .string()
  .trim()
  .max(40, 'participants: each must be a phone number of 8-15 digits or a <lid>@lid')
  .transform((value) => (value.endsWith('@lid') ? value : value.replace(/[\s+()-]/g, '')))
  .refine((value) => /^\d{8,15}$/.test(value) || /^\d{1,20}@lid$/.test(value), {
    message: 'participants: each must be a phone number of 8-15 digits (international format) or a <lid>@lid',
  });

const Participants = z
  .array(ParticipantInput, { error: 'participants must be an array of phone numbers' })
  .min(1, 'participants must name at least one person')
  .max(MAX_PARTICIPANTS_PER_REQUEST, `participants: at most ${MAX_PARTICIPANTS_PER_REQUEST} per request`)
  .meta({ example: ['6281234567890'] });

const Subject = z
  .string({ error: 'subject is required' })
  .trim()
  .min(1, 'subject must not be empty')
  .refine((value) => [...value].length <= MAX_GROUP_SUBJECT, `subject must be at most ${MAX_GROUP_SUBJECT} characters`);

const Description = z
  .string({ error: 'description must be a string' })
  .refine((value) => [...value].length <= MAX_GROUP_DESCRIPTION, `description must be at most ${MAX_GROUP_DESCRIPTION} characters`);

export const GroupParams = z.object({ sessionId: SessionId, groupId: GroupId });

export const CreateGroupBody = z.object({ subject: Subject, participants: Participants });

export const ParticipantAction = z.enum(['add', 'remove', 'promote', 'demote'], { error: 'action must be add, remove, promote or demote' });
export const ParticipantsBody = z.object({ action: ParticipantAction, participants: Participants });

export const UpdateGroupBody = z
  .object({
    subject: Subject.optional(),
    description: Description.optional().describe('An empty string removes the description'),
    announcement: z.boolean({ error: 'announcement must be true or false' }).optional().describe('true: only admins can send messages'),
    locked: z.boolean({ error: 'locked must be true or false' }).optional().describe('true: only admins can edit the subject and description'),
  })
  .refine((b) => b.subject !== undefined || b.description !== undefined || b.announcement !== undefined || b.locked !== undefined, {
    message: 'give at least one of subject, description, announcement or locked',
  });

/** The code, or the whole `https://chat.whatsapp.com/<code>` link. */
export const JoinGroupBody = z.object({
  code: z
    .string({ error: 'code is required' })
    .trim()
    .max(100, 'code must be an invite code or https://chat.whatsapp.com/<code> link')
    .transform((value) => value.replace(/^https:\/\/chat\.whatsapp\.com\//, ''))
    .refine((value) => /^[A-Za-z0-9_-]{10,40}$/.test(value), 'code must be an invite code or https://chat.whatsapp.com/<code> link')
    .meta({ example: 'AbCdEfGhIjKlMnOpQrStUv' }),
});

const Person = z.object({
  phone: z.string().nullable().describe('Phone number in international format, digits only; null when WhatsApp does not disclose it'),
  lid: z.string().nullable().describe("WhatsApp's privacy id, `<digits>@lid`; null when unknown"),
});
export type Person = z.infer<typeof Person>;

export const GroupParticipant = Person.extend({ admin: z.enum(['admin', 'superadmin']).nullable() });

export const GroupInfo = z.object({
  id: z.string().describe('Group JID, usable as `to` with recipient_type group'),
  subject: z.string(),
  description: z.string().nullable(),
  owner: Person.nullable(),
  creation: z.number().int().nullable().describe('Unix seconds'),
  size: z.number().int(),
  announcement: z.boolean(),
  locked: z.boolean(),
  addressingMode: z.enum(['pn', 'lid']).describe('lid: WhatsApp lists members by LID (phone numbers attached)'),
  participants: z.array(GroupParticipant),
  admins: z.array(Person),
});
export type GroupInfo = z.infer<typeof GroupInfo>;

export const GroupResponse = z.object({ status: z.literal('success'), group: GroupInfo });
export const GroupListResponse = z.object({ status: z.literal('success'), groups: z.array(GroupInfo) });

export const ParticipantResult = Person.extend({
  status: z
    .number()
    .int()
    .describe(
      "WhatsApp's answer for this person: 200 done, 403 privacy settings, 404 not on WhatsApp / not in the " +
        'group, 406 the creator, 408 left recently, 409 already in',
    ),
  message: z.string(),
});
export const ParticipantsResponse = z.object({ status: z.literal('success'), action: ParticipantAction, results: z.array(ParticipantResult) });

export const InviteResponse = z.object({ status: z.literal('success'), code: z.string(), link: z.string() });
export const JoinGroupResponse = z.object({ status: z.literal('success'), groupId: z.string() });

/** Webhook `group.participants`: people joined, left, were added, removed, promoted or demoted. */
export const GroupParticipantsEventData = z.object({
  id: z.string().describe("WhatsApp's notification id"),
  groupId: z.string(),
  action: z.enum(['add', 'remove', 'promote', 'demote', 'join', 'leave']).describe('join: came in by invite link; leave: left by themselves'),
  participants: z.array(Person),
  author: Person.nullable().describe('Who did it (for join/leave: the participant)'),
  timestamp: z.number().describe('Unix seconds'),
});
export type GroupParticipantsEventData = z.infer<typeof GroupParticipantsEventData>;

/** Webhook `group.update`: one change to the group's info or settings. */
export const GroupUpdateEventData = z.object({
  id: z.string().describe("WhatsApp's notification id"),
  groupId: z.string(),
  changes: z
    .object({
      subject: z.string(),
      description: z.string().nullable().describe('null: removed'),
      announcement: z.boolean(),
      locked: z.boolean(),
    })
    .partial(),
  author: Person.nullable(),
  timestamp: z.number().describe('Unix seconds'),
});
export type GroupUpdateEventData = z.infer<typeof GroupUpdateEventData>;

/** What the edge asks the session's host to do (internal API `POST /internal/sessions/:id/groups`). */
export const GroupCommand = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), subject: z.string().max(400), participants: z.array(z.string().max(64)).max(MAX_PARTICIPANTS_PER_REQUEST) }),
  z.object({ op: z.literal('list') }),
  z.object({ op: z.literal('get'), groupId: z.string().max(64) }),
  z.object({
    op: z.literal('participants'),
    groupId: z.string().max(64),
    action: ParticipantAction,
    participants: z.array(z.string().max(64)).max(MAX_PARTICIPANTS_PER_REQUEST),
  }),
  z.object({
    op: z.literal('update'),
    groupId: z.string().max(64),
    subject: z.string().max(400).optional(),
    description: z.string().max(8192).optional(),
    announcement: z.boolean().optional(),
    locked: z.boolean().optional(),
  }),
  z.object({ op: z.literal('invite'), groupId: z.string().max(64), revoke: z.boolean() }),
  z.object({ op: z.literal('join'), code: z.string().max(100) }),
  z.object({ op: z.literal('leave'), groupId: z.string().max(64) }),
]);
export type GroupCommand = z.infer<typeof GroupCommand>;

/** The JID Baileys addresses a validated participant by. */
export const participantJid = (participant: string): string => (participant.includes('@') ? participant : `${participant}@s.whatsapp.net`);

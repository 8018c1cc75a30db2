// Messages the account's owner types on the phone: WhatsApp gives every linked device a copy (a
// device-sent message from the account's own primary device, `recipient` = the chat), which
// Baileys emits as a `fromMe` upsert of type 'notify' (the gateway's own sends come as 'append').
// They are stored as outgoing rows with origin 'phone', so the inbox shows them and an operator's
// reply from the phone takes the chat over from the AI as a reply through the API does; a
// `message.status` 'sent' tells receivers and the live inbox (Cloud API sends statuses for
// messages the business app sent, too).
import { getContentType, isLidUser, isPnUser, jidDecode, jidNormalizedUser, normalizeMessageContent, type WAMessage } from '@whiskeysockets/baileys';
import { messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { eventInserts } from '../../../shared/src/events.js';
import { identityFields, type LidPnLookup } from '../identity/identity-fields.js';
import { messageText } from './incoming-content.js';

/** What the phone also sends its devices that is not a message of the chat: key shares, app-state
 * and history sync, edits and deletions (protocol messages), reactions and votes. */
const NOT_CHAT_MESSAGES = ['protocolMessage', 'senderKeyDistributionMessage', 'reactionMessage', 'pollUpdateMessage'];
const TEXT_TYPES = ['conversation', 'extendedTextMessage'];

/** The chat a phone message went to, as incoming messages store it: a LID chat under its number
 * when known (the stanza's `peer_recipient_pn`, read into remoteJidAlt, or the session's pairs). */
async function chatOf(remoteJid: string, alt: string | undefined, people: LidPnLookup): Promise<string> {
  const jid = jidNormalizedUser(remoteJid);
  if (!isLidUser(jid)) return jid;
  if (alt && isPnUser(alt)) return jidNormalizedUser(alt);
  const phone = await people.phoneOf(jidDecode(jid)?.user ?? '');
  return phone ? `${phone}@s.whatsapp.net` : jid;
}

/** The statements that store a message typed on the phone: none when it is not one to show. A text
 * keeps the shape POST /messages stores (`text.body`); other kinds keep their type and caption.
 * (An array, not the query: a query is thenable, and resolving a promise with it would run it.) */
export async function phoneMessageStatements(db: HostDb, sessionId: string, msg: WAMessage, people: LidPnLookup, now: number) {
  const content = normalizeMessageContent(msg.message);
  const type = content ? getContentType(content) : undefined;
  const id = msg.key.id;
  const remoteJid = msg.key.remoteJid;
  if (!content || !type || !id || !remoteJid || NOT_CHAT_MESSAGES.includes(type)) return [];
  const to = await chatOf(remoteJid, (msg.key as { remoteJidAlt?: string }).remoteJidAlt, people);
  const text = messageText(content);
  const recipient_type = to.endsWith('@g.us') ? 'group' : 'individual';
  const isText = TEXT_TYPES.includes(type);
  const payload = isText ? { recipient_type, to, type: 'text', text: { body: text ?? '' } } : { recipient_type, to, type, caption: text };
  const insert = db
    .insert(messages)
    .values({
      sessionId,
      waMessageId: id,
      direction: 'out',
      remoteJid: to,
      type: isText ? 'text' : type,
      payload: JSON.stringify(payload),
      status: 'sent',
      origin: 'phone',
      createdAt: now,
      updatedAt: now,
      sentAt: now,
    })
    .onConflictDoNothing();
  const person = await identityFields(people, to);
  // only when the insert stored it (changes()): a copy seen before says nothing new
  return [insert, ...eventInserts(db, sessionId, 'message.status', { id, to, ...person, status: 'sent' }, now, { onlyIfChanged: true })];
}

/**
 * What a contact's phone sends besides text and media, in proto.Message form: reactions, edits
 * and revokes of its own messages, locations, contact cards, polls, poll votes (encrypted with the
 * poll's messageSecret, as WhatsApp does) and replies that quote an earlier message.
 */
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { proto } from '@whiskeysockets/baileys';

/** An earlier message of the chat, from the contact's side. */
export interface MessageRef {
  id: string;
  /** true when the contact itself wrote it; default: the account wrote it */
  fromMe?: boolean;
  /** in a group: the phone of the member who wrote it, when neither the contact nor the account did */
  author?: string;
}

/** A poll to vote in: its id, who created it and its messageSecret (32 bytes). */
export interface PollRef extends MessageRef {
  secret: Uint8Array;
}

export interface LocationSpec {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
  /** live location (liveLocationMessage) */
  live?: boolean;
  caption?: string;
}

export type RichIncomingContent =
  /** an empty emoji takes an earlier reaction back */
  | { reaction: { to: MessageRef; emoji: string } }
  /** edit of one of the contact's own earlier messages */
  | { edit: { id: string; text: string } }
  /** delete for everyone of one of the contact's own earlier messages */
  | { revoke: { id: string } }
  | { location: LocationSpec }
  | { contacts: { vcard: string; displayName?: string }[] }
  | { poll: { question: string; options: string[]; selectableCount?: number; messageSecret?: Uint8Array } }
  /** the names of the chosen options (an option the poll does not have is sent as is) */
  | { pollVote: { poll: PollRef; options: string[] } };

/** Who talks: the JIDs a message key and a poll vote's key derivation name. In a group these are
 * the members' JIDs in the group's addressing (LID in a LID group), as WhatsApp names authors. */
export interface ChatParties {
  contactJid: string;
  accountJid: string;
  /** a group chat: its JID, and a member's JID by phone (for `MessageRef.author`) */
  group?: { jid: string; memberJid(phone: string): string };
}

/** The JID of who wrote an earlier message. */
function authorOf(ref: MessageRef, p: ChatParties): string {
  if (ref.fromMe) return p.contactJid;
  if (ref.author && !p.group) throw new Error('MessageRef.author names a group member: send with { group }');
  return ref.author ? p.group!.memberJid(ref.author) : p.accountJid;
}

/** A key from the sender's side: in a 1:1 chat the chat is the account; in a group the chat is the
 * group and the participant is the author. */
const keyOf = (ref: MessageRef, p: ChatParties): proto.IMessageKey =>
  p.group
    ? { remoteJid: p.group.jid, fromMe: !!ref.fromMe, id: ref.id, participant: authorOf(ref, p) }
    : { remoteJid: p.accountJid, fromMe: !!ref.fromMe, id: ref.id };

export function isRichContent(content: object): content is RichIncomingContent {
  return ['reaction', 'edit', 'revoke', 'location', 'contacts', 'poll', 'pollVote'].some((k) => k in content);
}

export function buildRichMessage(content: RichIncomingContent, p: ChatParties): proto.IMessage {
  if ('reaction' in content) return { reactionMessage: { key: keyOf(content.reaction.to, p), text: content.reaction.emoji, senderTimestampMs: Date.now() } };
  if ('edit' in content)
    return {
      protocolMessage: {
        key: keyOf({ id: content.edit.id, fromMe: true }, p),
        type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
        editedMessage: { conversation: content.edit.text },
        timestampMs: Date.now(),
      },
    };
  if ('revoke' in content)
    return { protocolMessage: { key: keyOf({ id: content.revoke.id, fromMe: true }, p), type: proto.Message.ProtocolMessage.Type.REVOKE } };
  if ('location' in content) return locationMessage(content.location);
  if ('contacts' in content) return contactsMessage(content.contacts);
  if ('poll' in content) return pollMessage(content.poll);
  return pollVoteMessage(content.pollVote.poll, content.pollVote.options, p);
}

function locationMessage(l: LocationSpec): proto.IMessage {
  const common = { degreesLatitude: l.latitude, degreesLongitude: l.longitude };
  if (l.live) return { liveLocationMessage: { ...common, caption: l.caption, sequenceNumber: 1 } };
  return { locationMessage: { ...common, name: l.name, address: l.address, url: l.url, comment: l.caption } };
}

function contactsMessage(cards: { vcard: string; displayName?: string }[]): proto.IMessage {
  if (cards.length === 1) return { contactMessage: { vcard: cards[0]!.vcard, displayName: cards[0]!.displayName } };
  return { contactsArrayMessage: { displayName: `${cards.length} contacts`, contacts: cards.map((c) => ({ vcard: c.vcard, displayName: c.displayName })) } };
}

/** As a phone sends it: V3 for single choice, V1 otherwise, the secret in messageContextInfo. */
function pollMessage(poll: { question: string; options: string[]; selectableCount?: number; messageSecret?: Uint8Array }): proto.IMessage {
  const selectableOptionsCount = poll.selectableCount ?? 1;
  const creation = { name: poll.question, selectableOptionsCount, options: poll.options.map((optionName) => ({ optionName })) };
  return {
    messageContextInfo: { messageSecret: poll.messageSecret ?? randomBytes(32) },
    ...(selectableOptionsCount === 1 ? { pollCreationMessageV3: creation } : { pollCreationMessage: creation }),
  };
}

/** The vote, encrypted with a key derived from the poll's messageSecret, its id and both JIDs
 * (AES-256-GCM, the tag after the ciphertext), mirroring Baileys' decryptPollVote. Creator and
 * voter are named in the chat's addressing (both LIDs in a LID group), as WhatsApp Web does. */
export function pollVoteMessage(poll: PollRef, optionNames: string[], p: ChatParties): proto.IMessage {
  const creatorJid = authorOf(poll, p);
  const vote = proto.Message.PollVoteMessage.encode({
    selectedOptions: optionNames.map((name) => createHash('sha256').update(name).digest()),
  }).finish();
  const sign = Buffer.concat([Buffer.from(poll.id), Buffer.from(creatorJid), Buffer.from(p.contactJid), Buffer.from('Poll Vote'), Buffer.from([1])]);
  const key0 = createHmac('sha256', Buffer.alloc(32)).update(poll.secret).digest();
  const key = createHmac('sha256', key0).update(sign).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${poll.id}\u0000${p.contactJid}`));
  const encPayload = Buffer.concat([cipher.update(vote), cipher.final(), cipher.getAuthTag()]);
  return {
    pollUpdateMessage: {
      pollCreationMessageKey: keyOf(poll, p),
      vote: { encPayload, encIv: iv },
      senderTimestampMs: Date.now(),
    },
  };
}

/** Puts a quote of an earlier message (contextInfo.stanzaId/participant/quotedMessage) on a
 * message; plain text becomes extendedTextMessage, as phones send replies. */
export function withQuote(message: proto.IMessage, to: MessageRef, p: ChatParties): proto.IMessage {
  const contextInfo: proto.IContextInfo = {
    stanzaId: to.id,
    participant: authorOf(to, p),
    quotedMessage: { conversation: '…' },
  };
  if (message.conversation != null) return { extendedTextMessage: { text: message.conversation, contextInfo } };
  const type = Object.keys(message).find((k) => k !== 'messageContextInfo') as keyof proto.IMessage | undefined;
  const part = type ? (message[type] as { contextInfo?: proto.IContextInfo } | null) : null;
  if (!part || typeof part !== 'object') throw new Error('withQuote: nothing to put a quote on');
  return { ...message, [type!]: { ...part, contextInfo } };
}

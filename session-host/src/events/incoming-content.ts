// What a received message says, as the webhook tells it: the text, and for locations, contact
// cards and polls a Cloud-API-like object (`location`, `contacts`, `poll`); for replies the quoted
// message (`context`). Everything is cut to the limits in bounded.ts.
import type { proto } from '@whiskeysockets/baileys';
import { cut, inRange, LIMITS, present } from './bounded.js';
import { parseContactCard, type ContactCard } from './vcard.js';

export const POLL_TYPES = ['pollCreationMessage', 'pollCreationMessageV2', 'pollCreationMessageV3'] as const;

/** The body or caption of a message (or of an edit's new content), cut to LIMITS.textChars. */
export function messageText(content: proto.IMessage | null | undefined): string | null {
  const text =
    content?.conversation ??
    content?.extendedTextMessage?.text ??
    content?.imageMessage?.caption ??
    content?.documentMessage?.caption ??
    content?.videoMessage?.caption ??
    null;
  return cut(text, LIMITS.textChars);
}

export interface PollContent {
  question: string;
  options: string[];
  selectableCount: number;
  options_truncated?: true;
}

/** The poll creation part of a message, of whichever version. */
export const pollCreationOf = (content: proto.IMessage): proto.Message.IPollCreationMessage | undefined =>
  POLL_TYPES.map((t) => content[t]).find((p) => p != null) ?? undefined;

/** A poll creation message of any version, bounded; undefined when the message is not a poll. */
export function pollOf(content: proto.IMessage): PollContent | undefined {
  const poll = pollCreationOf(content);
  if (!poll) return undefined;
  const all = poll.options ?? [];
  const options = all.slice(0, LIMITS.pollOptions).map((o) => cut(o.optionName, LIMITS.pollOptionChars) ?? '');
  return {
    question: cut(poll.name, LIMITS.shortTextChars) ?? '',
    options,
    // 0 is "any number"; more than there are options means all of them
    selectableCount: Math.min(inRange(poll.selectableOptionsCount, 0, Number.MAX_SAFE_INTEGER) ?? 0, options.length),
    ...(all.length > options.length ? { options_truncated: true as const } : {}),
  };
}

function locationOf(content: proto.IMessage): Record<string, unknown> | undefined {
  const pin = content.locationMessage;
  const live = content.liveLocationMessage;
  const place = pin ?? live;
  if (!place) return undefined;
  return present({
    latitude: inRange(place.degreesLatitude, -90, 90),
    longitude: inRange(place.degreesLongitude, -180, 180),
    name: cut(pin?.name, LIMITS.shortTextChars),
    address: cut(pin?.address, LIMITS.shortTextChars),
    url: cut(pin?.url, LIMITS.urlChars),
    comment: cut(pin?.comment ?? live?.caption, LIMITS.shortTextChars),
    // protobuf reads an absent number as 0: only a real value is passed on
    accuracy: inRange(place.accuracyInMeters, 0, 1e7) || null,
    speed: inRange(place.speedInMps, 0, 1e5) || null,
    live: live ? true : null,
  });
}

function contactsOf(content: proto.IMessage): ContactCard[] | undefined {
  if (content.contactMessage) return [parseContactCard(content.contactMessage.vcard, content.contactMessage.displayName)];
  const cards = content.contactsArrayMessage?.contacts;
  if (!cards) return undefined;
  return cards.slice(0, LIMITS.contactsPerMessage).map((c) => parseContactCard(c.vcard, c.displayName));
}

/** The quoted message of a reply: its id and author (the JID WhatsApp names). */
function contextOf(content: proto.IMessage, type: string): { message_id: string; from: string | null } | undefined {
  const part = content[type as keyof proto.IMessage] as { contextInfo?: proto.IContextInfo | null } | null | undefined;
  const info = part && typeof part === 'object' ? part.contextInfo : undefined;
  const id = cut(info?.stanzaId, LIMITS.idChars);
  if (!id) return undefined;
  return { message_id: id, from: cut(info?.participant, LIMITS.idChars) };
}

/** The fields a `message.received` event adds for this content (none for plain text and media). */
export function contentDetails(content: proto.IMessage, type: string): Record<string, unknown> {
  const contacts = contactsOf(content);
  return present({
    location: locationOf(content),
    contacts,
    ...(contacts && (content.contactsArrayMessage?.contacts?.length ?? 0) > contacts.length ? { contacts_truncated: true } : {}),
    poll: pollOf(content),
    context: contextOf(content, type),
  });
}

// What a stored message shows, from its row: sent rows keep the request item (Cloud API shape),
// received rows the webhook's summary (Baileys type names). Both become one MessageContent. A
// payload is read defensively: a field of the wrong shape is left out, never an error.
import type { MessageContent } from '../../../shared/src/api/inbox.js';

type Json = Record<string, unknown>;
type Kind = MessageContent['kind'];

const obj = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Received Baileys types by what they show; the sent types are already these names. */
const RECEIVED_KINDS: Record<string, Kind> = {
  conversation: 'text',
  extendedTextMessage: 'text',
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  contactMessage: 'contacts',
  contactsArrayMessage: 'contacts',
  pollCreationMessage: 'poll',
  pollCreationMessageV2: 'poll',
  pollCreationMessageV3: 'poll',
  reactionMessage: 'reaction',
  pollUpdateMessage: 'poll_vote',
};
const SENT_KINDS = new Set<string>(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'poll', 'reaction', 'edit']);

function kindOf(direction: 'out' | 'in', type: string, payload: Json): Kind {
  if (direction === 'out') return SENT_KINDS.has(type) ? (type as Kind) : 'other';
  if (type === 'protocolMessage') return 'by' in payload ? 'revoke' : 'edit';
  return RECEIVED_KINDS[type] ?? 'other';
}

function mediaOf(direction: 'out' | 'in', part: Json | undefined, payload: Json): MessageContent['media'] {
  if (direction === 'in') {
    const stored = obj(payload.media);
    return {
      mediaId: str(stored?.mediaId),
      link: null,
      mimetype: str(stored?.mimetype),
      filename: str(stored?.fileName),
      voice: stored?.voice === true,
    };
  }
  return { mediaId: str(part?.id), link: str(part?.link), mimetype: str(part?.mimetype), filename: str(part?.filename), voice: part?.voice === true };
}

function locationOf(place: Json | undefined): MessageContent['location'] {
  return { latitude: num(place?.latitude), longitude: num(place?.longitude), name: str(place?.name), address: str(place?.address) };
}

function contactsOf(cards: unknown): NonNullable<MessageContent['contacts']> {
  return list(cards).flatMap((card) => {
    const name = str(obj(obj(card)?.name)?.formatted_name);
    if (name === null) return [];
    return [{ name, phones: list(obj(card)?.phones).flatMap((p) => str(obj(p)?.phone) ?? []) }];
  });
}

function pollOf(direction: 'out' | 'in', poll: Json | undefined): NonNullable<MessageContent['poll']> {
  const question = str(direction === 'out' ? poll?.name : poll?.question) ?? '';
  return { question, options: list(poll?.options).flatMap((o) => str(o) ?? []) };
}

const MEDIA_KINDS = new Set<Kind>(['image', 'video', 'audio', 'document', 'sticker']);

/** The content of one stored row. `payload` is the row's JSON text. */
export function displayContent(direction: 'out' | 'in', type: string, payloadText: string): MessageContent {
  let payload: Json = {};
  try {
    payload = obj(JSON.parse(payloadText)) ?? {};
  } catch {
    // A payload that does not parse still shows as a message of its type.
  }
  const kind = kindOf(direction, type, payload);
  // A sent item keeps its content under its type (`image: { … }`); a received one at the top.
  const part = direction === 'out' ? obj(payload[type]) : payload;
  const replyTo = str(obj(payload.context)?.message_id);
  const content: MessageContent = { kind, text: null, ...(replyTo ? { replyTo } : {}) };
  if (kind === 'text') content.text = direction === 'out' ? str(part?.body) : str(payload.text);
  else if (MEDIA_KINDS.has(kind)) {
    content.media = mediaOf(direction, part, payload);
    content.text = direction === 'out' ? str(part?.caption) : str(payload.text);
  } else if (kind === 'location') {
    const place = locationOf(direction === 'out' ? part : obj(payload.location));
    content.location = place;
    content.text = place?.name ?? place?.address ?? null;
  } else if (kind === 'contacts') {
    content.contacts = contactsOf(payload.contacts);
    content.text = content.contacts.map((c) => c.name).join(', ') || null;
  } else if (kind === 'poll') {
    content.poll = pollOf(direction, direction === 'out' ? part : obj(payload.poll));
    content.text = content.poll.question;
  } else if (kind === 'reaction') {
    content.target = str(part?.message_id);
    content.emoji = str(part?.emoji) ?? '';
  } else if (kind === 'edit') {
    content.target = str(direction === 'out' ? part?.message_id : payload.message_id);
    content.text = direction === 'out' ? str(obj(part?.text)?.body) : str(payload.text);
  } else if (kind === 'revoke') content.target = str(payload.message_id);
  else if (kind === 'poll_vote') {
    content.target = str(payload.poll_id);
    content.text =
      list(payload.options)
        .flatMap((o) => str(o) ?? [])
        .join(', ') || null;
  } else content.text = str(payload.text);
  return content;
}

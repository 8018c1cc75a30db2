// What a message item names that only the database can confirm: its media (exists, usable by the
// session, of the right kind) and the messages it reacts to or quotes (known in that chat).
import { and, eq, inArray, isNull, ne, notInArray, or } from 'drizzle-orm';
import { MAX_STICKER_BYTES } from '../../../shared/src/api/media.js';
import { toJid, type OutgoingMessage } from '../../../shared/src/api/messages.js';
import { media, messages } from '../../../shared/src/db/schema.js';
import type { Deps } from '../deps.js';

/** Media a session may send: its own uploads, and those of the master key or an admin (no session). */
export function mediaUsableBy(sessionId: string) {
  return or(isNull(media.sessionId), eq(media.sessionId, sessionId));
}

type Checked = { index: number; item: OutgoingMessage };

function mediaIdOf(item: OutgoingMessage): string | undefined {
  switch (item.type) {
    case 'image':
      return item.image.id;
    case 'document':
      return item.document.id;
    case 'video':
      return item.video.id;
    case 'audio':
      return item.audio.id;
    case 'sticker':
      return item.sticker.id;
    default:
      return undefined;
  }
}

/** Why stored media of this type and size cannot be sent as this item, if it cannot. */
function mediaKindProblem(item: OutgoingMessage, stored: { mimetype: string; size: number }): string | undefined {
  const field = `${item.type}.id`;
  if (item.type === 'video' && !stored.mimetype.startsWith('video/')) return `${field}: media is ${stored.mimetype}, not a video (MP4 or 3GP)`;
  if (item.type === 'audio') {
    if (!stored.mimetype.startsWith('audio/')) return `${field}: media is ${stored.mimetype}, not audio`;
    if (item.audio.voice && stored.mimetype !== 'audio/ogg') return 'audio.voice: a voice note must be an OGG/Opus file';
  }
  if (item.type === 'sticker') {
    if (stored.mimetype !== 'image/webp') return `${field}: a sticker must be a WebP image, not ${stored.mimetype}`;
    if (stored.size > MAX_STICKER_BYTES.animated) return `${field}: a sticker must be at most 500 KB (100 KB if not animated)`;
  }
  return undefined;
}

/** The ids of messages an item points at, with the field that names each. */
function referencesOf(item: OutgoingMessage): Array<{ field: string; id: string }> {
  const refs = [];
  if (item.type === 'reaction') refs.push({ field: 'reaction.message_id', id: item.reaction.message_id });
  if (item.context) refs.push({ field: 'context.message_id', id: item.context.message_id });
  return refs;
}

/** Per item index, why it cannot be queued: media and referenced messages read in one batch. */
export async function itemProblems(deps: Deps, sessionId: string, items: Checked[]): Promise<Map<number, string>> {
  const problems = new Map<number, string>();
  const mediaIds = [...new Set(items.map(({ item }) => mediaIdOf(item)).filter((id): id is string => Boolean(id)))];
  const refIds = [...new Set(items.flatMap(({ item }) => referencesOf(item).map((ref) => ref.id)))];
  if (mediaIds.length === 0 && refIds.length === 0) return problems;
  // One round trip for both (an empty id list matches nothing).
  const { db } = deps;
  const [stored, known] = await db.batch([
    db
      .select({ id: media.id, mimetype: media.mimetype, size: media.size })
      .from(media)
      .where(and(inArray(media.id, mediaIds), mediaUsableBy(sessionId))),
    db
      .select({ id: messages.waMessageId, remoteJid: messages.remoteJid })
      .from(messages)
      .where(
        and(
          eq(messages.sessionId, sessionId),
          inArray(messages.waMessageId, refIds),
          // A message that never reached WhatsApp, an edit or a reaction is nothing to point at.
          ne(messages.status, 'failed'),
          notInArray(messages.type, ['edit', 'reaction']),
        ),
      ),
  ]);
  const mediaById = new Map(stored.map((row) => [row.id, row]));
  const knownInChat = new Set(known.map((row) => `${row.remoteJid}\n${row.id}`));
  for (const { index, item } of items) {
    const mediaId = mediaIdOf(item);
    if (mediaId) {
      const row = mediaById.get(mediaId);
      const problem = row ? mediaKindProblem(item, row) : `${item.type}.id: media ${mediaId} not found`;
      if (problem) {
        problems.set(index, problem);
        continue;
      }
    }
    const chat = toJid(item.to, item.recipient_type);
    const unknown = referencesOf(item).find((ref) => !knownInChat.has(`${chat}\n${ref.id}`));
    if (unknown) problems.set(index, `${unknown.field}: message ${unknown.id} is not a message this session sent to or received from ${item.to}`);
  }
  return problems;
}

// The message keys a read receipt names. WhatsApp wants each received message's key as it came:
// the sender of a group message (participant) and, for a contact that wrote over its LID, the
// LID chat; both are in the stored row. Ids the gateway never stored are sent as plain keys of the
// chat, so messages of types it does not keep can be read too.
import { and, desc, eq, inArray, lte } from 'drizzle-orm';
import { MAX_READ_MESSAGES, type ReadCommand } from '../../../../shared/src/api/chats.js';
import { messages } from '../../../../shared/src/db/schema.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';

type Key = ReadCommand['keys'][number];
type Row = { waMessageId: string; payload: string };

function keyOf(chat: string, row: Row): Key {
  let stored: { participant?: unknown; fromLid?: unknown } = {};
  try {
    stored = JSON.parse(row.payload) as typeof stored;
  } catch {
    // A payload that does not read still names its chat and id.
  }
  const remoteJid = typeof stored.fromLid === 'string' ? stored.fromLid : chat;
  return { remoteJid, id: row.waMessageId, ...(typeof stored.participant === 'string' ? { participant: stored.participant } : {}) };
}

const received = (sessionId: string, chat: string) => and(eq(messages.sessionId, sessionId), eq(messages.direction, 'in'), eq(messages.remoteJid, chat));

/** Keys for these ids of the chat, in the order given. */
export async function keysForIds(deps: Deps, sessionId: string, chat: string, ids: string[]): Promise<Key[]> {
  const unique = [...new Set(ids)];
  const rows = await deps.db
    .select({ waMessageId: messages.waMessageId, payload: messages.payload })
    .from(messages)
    .where(and(received(sessionId, chat), inArray(messages.waMessageId, unique)));
  const byId = new Map(rows.map((row) => [row.waMessageId, row]));
  return unique.map((id) => {
    const row = byId.get(id);
    return row ? keyOf(chat, row) : { remoteJid: chat, id };
  });
}

/** Keys for the chat's received messages up to and including `upTo` (the latest ones), oldest first. */
export async function keysUpTo(deps: Deps, sessionId: string, chat: string, upTo: string): Promise<Key[]> {
  const [last] = await deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(received(sessionId, chat), eq(messages.waMessageId, upTo)));
  if (!last) throw new ApiError(404, `upTo: no message ${upTo} was received in chat ${chat}.`);
  const rows = await deps.db
    .select({ waMessageId: messages.waMessageId, payload: messages.payload })
    .from(messages)
    .where(and(received(sessionId, chat), lte(messages.id, last.id)))
    .orderBy(desc(messages.id))
    .limit(MAX_READ_MESSAGES);
  return rows.reverse().map((row) => keyOf(chat, row));
}

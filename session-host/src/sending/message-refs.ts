// The WhatsApp keys of messages a send points at (the message reacted to, quoted or edited), read
// from the rows the gateway stored when it sent or received them.
import type { WAMessage, WAMessageKey } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import { messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { PermanentSendError } from './send-errors.js';

export interface ReferencedMessage {
  key: WAMessageKey;
  /** What a quote shows of it: its text or caption (media are quoted by their words only). */
  quoted: WAMessage;
  type: string;
}

/** The readable words of a stored payload: an API request item (out) or an incoming summary (in). */
function wordsOf(payload: string): string {
  try {
    const item = JSON.parse(payload) as Record<string, unknown> & { type?: string; text?: unknown };
    if (typeof item.text === 'string') return item.text;
    const part = item[item.type ?? ''] as { body?: string; caption?: string; name?: string } | undefined;
    return part?.body ?? part?.caption ?? part?.name ?? '';
  } catch {
    return '';
  }
}

export class MessageRefs {
  constructor(private readonly db: HostDb) {}

  /** The message `id` of this session in chat `chatJid`; fails the send when there is none
   * (the edge checked it, but retention or a hand edit may have removed it since). */
  async find(sessionId: string, chatJid: string, id: string, field: string): Promise<ReferencedMessage> {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.waMessageId, id), eq(messages.remoteJid, chatJid)));
    if (!row) throw new PermanentSendError(`${field}: message ${id} is not known in this chat`);
    const participant = row.direction === 'in' ? incomingParticipant(row.payload) : undefined;
    const key: WAMessageKey = { remoteJid: chatJid, fromMe: row.direction === 'out', id, ...(participant ? { participant } : {}) };
    return { key, type: row.type, quoted: { key, message: { conversation: wordsOf(row.payload) } } };
  }
}

/** The sender of an incoming group message, as the incoming event recorded it. */
function incomingParticipant(payload: string): string | undefined {
  try {
    const participant = (JSON.parse(payload) as { participant?: unknown }).participant;
    return typeof participant === 'string' ? participant : undefined;
  } catch {
    return undefined;
  }
}

// Poll votes. WhatsApp encrypts a vote with a key derived from the poll's messageSecret, the
// poll's id and the JIDs of its creator and the voter, and names the chosen options only by their
// SHA-256. So every poll the session sees (sent by the gateway or by a contact) is remembered
// with its secret and options, and a vote is decrypted with Baileys' decryptPollVote against it.
import { createHash, randomBytes } from 'node:crypto';
import { decryptPollVote, jidNormalizedUser, normalizeMessageContent, type proto, type WASocket } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import { polls } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { cut, LIMITS } from './bounded.js';
import { pollCreationOf, pollOf } from './incoming-content.js';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The account's own JIDs (phone and LID form), the creator of every poll it sends. */
export const accountJids = (sock: Pick<WASocket, 'user'>): string[] => [sock.user?.id, sock.user?.lid].flatMap((jid) => (jid ? [jidNormalizedUser(jid)] : []));

export interface PollVote {
  poll_id: string;
  question?: string;
  /** names of the options the voter has chosen now (empty: the vote was taken back) */
  options?: string[];
  /** chosen options the gateway does not know (past the options it keeps) */
  unknown_options?: number;
  error?: 'unknown poll' | 'undecryptable vote';
}

export class PollVotes {
  constructor(private readonly db: HostDb) {}

  /** The insert that remembers a poll, to run in the batch that records it; none when the message
   * is not a poll or has no secret. Options are kept as [SHA-256 of the full name, name as cut]. */
  remember(sessionId: string, waMessageId: string, message: proto.IMessage | null | undefined, creatorJids: string[], now: number) {
    const content = normalizeMessageContent(message);
    const poll = content ? pollOf(content) : undefined;
    const secret = content?.messageContextInfo?.messageSecret ?? message?.messageContextInfo?.messageSecret;
    if (!content || !poll || !secret?.length) return undefined;
    const full = pollCreationOf(content)?.options ?? [];
    const options = poll.options.map((name, i) => [sha256Hex(full[i]?.optionName ?? ''), name]);
    return this.db
      .insert(polls)
      .values({
        sessionId,
        waMessageId,
        creatorJids: JSON.stringify(creatorJids),
        secret: Buffer.from(secret).toString('base64'),
        question: poll.question,
        options: JSON.stringify(options),
        createdAt: now,
      })
      .onConflictDoNothing();
  }

  /** The secret a poll the account sends goes out with, remembered before it leaves: a vote can
   * arrive before Baileys' own upsert of the poll, and a resend under the same id keeps the first
   * secret (the one recipients may already hold). */
  async ownPollSecret(
    sessionId: string,
    waMessageId: string,
    poll: { name: string; options: string[]; selectableCount?: number },
    creatorJids: string[],
    now: number,
  ): Promise<Uint8Array> {
    const creation = { name: poll.name, options: poll.options.map((optionName) => ({ optionName })), selectableOptionsCount: poll.selectableCount ?? 0 };
    await this.remember(sessionId, waMessageId, { messageContextInfo: { messageSecret: randomBytes(32) }, pollCreationMessage: creation }, creatorJids, now);
    const [kept] = await this.db
      .select({ secret: polls.secret })
      .from(polls)
      .where(and(eq(polls.sessionId, sessionId), eq(polls.waMessageId, waMessageId)));
    return Buffer.from(kept!.secret, 'base64');
  }

  /** Decrypts a vote; `voterJids` are the JIDs the voter may be named by (phone and LID form). */
  async decode(sessionId: string, update: proto.Message.IPollUpdateMessage, voterJids: string[]): Promise<PollVote> {
    const pollId = cut(update.pollCreationMessageKey?.id, LIMITS.idChars) ?? '';
    const [poll] = await this.db
      .select()
      .from(polls)
      .where(and(eq(polls.sessionId, sessionId), eq(polls.waMessageId, pollId)));
    if (!poll) return { poll_id: pollId, error: 'unknown poll' };
    const selected = this.decrypt(update, pollId, Buffer.from(poll.secret, 'base64'), JSON.parse(poll.creatorJids) as string[], voterJids);
    if (!selected) return { poll_id: pollId, question: poll.question, error: 'undecryptable vote' };
    const byHash = new Map(JSON.parse(poll.options) as [string, string][]);
    const chosen = new Set(selected.slice(0, LIMITS.pollOptions).map((hash) => Buffer.from(hash).toString('hex')));
    const options = [...chosen].flatMap((hash) => byHash.get(hash) ?? []);
    return { poll_id: pollId, question: poll.question, options, ...(chosen.size > options.length ? { unknown_options: chosen.size - options.length } : {}) };
  }

  /** Which JIDs went into the key is the sender's business: try each creator/voter pair. */
  private decrypt(
    update: proto.Message.IPollUpdateMessage,
    pollMsgId: string,
    pollEncKey: Buffer,
    creators: string[],
    voters: string[],
  ): Uint8Array[] | undefined {
    const vote = update.vote;
    if (!vote?.encPayload || !vote.encIv) return undefined;
    for (const pollCreatorJid of creators)
      for (const voterJid of voters) {
        try {
          return decryptPollVote(vote, { pollCreatorJid, pollMsgId, pollEncKey, voterJid }).selectedOptions;
        } catch {
          // wrong pair (or a forged vote): try the next
        }
      }
    return undefined;
  }
}

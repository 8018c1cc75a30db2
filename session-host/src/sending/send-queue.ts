import type { Agent } from 'node:https';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DisconnectReason, type WASocket } from '@whiskeysockets/baileys';
import { Wakeup } from '../campaigns/wakeup.js';
import type { Logger } from 'pino';
import type { QueuedMessage } from '../../../shared/src/api/messages.js';
import { messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import type { PersonFields } from '../identity/identity-fields.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import { advanceStatusStatements } from '../events/message-status.js';
import { accountJids } from '../events/poll-votes.js';
import type { BuiltMessage, MessageContentBuilder } from './message-content.js';
import { PermanentSendError } from './send-errors.js';
import type { StatementBatcher } from '../events/statement-batcher.js';
import { BatchPrefetch, type PrefetchSocket } from './batch-prefetch.js';
import { inChatLanes } from './chat-lanes.js';
import { SendDeferred, WAITING_PREFIX } from '../governor/send-deferred.js';
import { RecipientCheck } from './recipient-check.js';
import { UNFENCED, type LeaseFence } from '../leases/lease-fence.js';
import { storedItem } from './stored-item.js';
import { SessionHold } from './session-hold.js';

type MessageRow = typeof messages.$inferSelect;

/** Chats a batch sends to at once: one chat's messages always go in order, one after another. */
const CHATS_IN_FLIGHT = 8;
/** A send the connection's close cut off waits this long at least (the loop claims nothing until the
 * session is connected again; this only keeps it from spinning before the close is handled). */
const CLOSED_RETRY_MS = 1_000;

/** What the queue needs of a session's connection (a `WaSession` in production). */
export interface SendTarget {
  readonly connected: boolean;
  readonly socket: Pick<WASocket, 'sendMessage' | 'user'> & PrefetchSocket;
  /** The session's outbound proxy, for media links. */
  readonly agent?: Agent;
  /** Told right before a message is written to the socket, so a close that comes while the write is in
   * flight still counts it as unacknowledged (and hands it back through `requeueUnacked`). */
  writing(messageId: string): void;
  /** Written: the server's ack is due from now. */
  written(messageId: string): void;
  /** The write failed (thrown): the queue retries it itself. */
  notWritten(messageId: string): void;
}

/** Paces the sends (a RateGovernor, or the session's SendGovernor): `wait` returns when the message
 * may go and throws SendDeferred when it has to wait; `failed` hears of a send that failed for good. */
export interface SendPacer {
  readonly enabled: boolean;
  wait(remoteJid: string, item: QueuedMessage): Promise<unknown>;
  failed?(): void;
}

export interface SendQueueOptions {
  maxAttempts: number;
  /** Idle poll, in case a kick from the edge was lost. */
  pollMs: number;
  /** With it, a connected session that found nothing to send waits until its earliest retry or
   * governor hold is due, at most this long, instead of polling every `pollMs`: a thousand idle
   * sessions then cost the database a few reads a second, not a thousand claims. */
  idlePollMaxMs?: number;
  /** Counts sent and failed messages by type. */
  metrics?: HostMetrics;
  /** The session's lease on this host: nothing is claimed without it, and no row is written once
   * another host holds it (the new owner resends what was in flight). */
  fence?: LeaseFence;
}

/** Drains one session's `queued` messages, each chat's in order, through the rate governor. Every message was
 * written (with its WhatsApp id) before the API answered; a row left `sending` by a crash is sent
 * again with the same id, which WhatsApp treats as the same message. */
export class SendQueue {
  private stopped = false;
  /** A kick while the loop is busy is kept for its next idle wait, which then does not wait. */
  private readonly wakeup = new Wakeup();
  private loopDone: Promise<void> | undefined;
  private readonly recipients = new RecipientCheck();
  private readonly prefetch: BatchPrefetch;
  /** Sends a closed connection left unacknowledged, queued again before the next claim. */
  private readonly unacked = new Set<string>();
  private readonly fence: LeaseFence;
  /** A governor hold on every message of the session: nothing is claimed until it lifts. */
  private readonly held: SessionHold;

  constructor(
    private readonly sessionId: string,
    private readonly db: HostDb,
    private readonly session: SendTarget,
    private readonly content: MessageContentBuilder,
    private readonly statuses: StatementBatcher,
    private readonly governor: SendPacer,
    private readonly options: SendQueueOptions,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    /** the recipient's `phone` and `lid` for status events (identity-fields.ts) */
    private readonly personOf: (jid: string) => Promise<PersonFields> = async () => ({}),
  ) {
    this.prefetch = new BatchPrefetch(this.recipients, logger);
    this.fence = options.fence ?? UNFENCED;
    this.held = new SessionHold(db, sessionId, clock);
  }

  start(): void {
    this.loopDone = this.recover().then(() => this.loop());
  }

  kick(): void {
    this.held.queued();
    this.wakeup.wake();
  }

  /** The governor was woken (an operator resumed, the limits changed): a hold it gave is looked at again. */
  release(): void {
    this.held.lift();
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    await this.loopDone;
    await this.statuses.flush();
  }

  /** After `stop`: the session's connection was closed for good (a host shutdown, a drain, a lease lost)
   * with these sends unacknowledged. They go back to `queued` now, with any an earlier close left that
   * the loop had not yet queued again, for whichever host runs the session next. */
  async requeueAfterStop(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.unacked.add(id);
    if (this.unacked.size > 0) await this.requeue();
  }

  /** A connection closed with these sends unacknowledged: WhatsApp may never have got them. They go
   * back to `queued` between two batches: after the batch in flight has settled (a send written as the
   * connection closed gets its 'sent' first, and is then queued again) and before the next claim (a
   * chat's later message cannot overtake it). */
  requeueUnacked(ids: readonly string[]): void {
    for (const id of ids) this.unacked.add(id);
    this.wakeup.wake();
  }

  private async recover(): Promise<void> {
    await this.db
      .update(messages)
      .set({ status: 'queued' })
      .where(and(eq(messages.sessionId, this.sessionId), eq(messages.direction, 'out'), eq(messages.status, 'sending'), this.fence.owned()));
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.unacked.size > 0) await this.requeue();
        const held = this.held.current();
        if (held) {
          await this.held.mark();
          await this.idle(this.heldWaitMs(held.until));
          continue;
        }
        // Checked before each claim (the claim checks the lease row again): a host whose lease ran out
        // by its own clock (a failed renewal, a pause) or went to another host sends nothing more.
        const connected = this.session.connected && this.fence.holds();
        const batch = connected ? await this.claim(this.governor.enabled ? 1 : 20) : [];
        if (batch.length === 0) {
          await this.idle(connected ? await this.idleWaitMs() : this.options.pollMs);
          continue;
        }
        // The connection may have closed while the batch was claimed: reading its socket would throw here
        // and leave the batch `sending` for good. Each send finds the close itself and puts its message back.
        if (this.session.connected) {
          await this.prefetch.prepare(
            this.session.socket,
            batch.map((row) => row.remoteJid),
          );
        }
        await this.sendBatch(batch);
      } catch (err) {
        this.logger.error({ err, sessionId: this.sessionId }, 'send loop error');
        await this.idle(this.options.pollMs);
      }
    }
  }

  /** Only rows still `sent`: one the server acknowledged meanwhile by a receipt, or whose send failed and
   * waits for its retry, is left as it is. Same WhatsApp id, so WhatsApp keeps a repeat it did get once.
   * The attempt is given back: the connection lost it, WhatsApp did not refuse it. Not fenced by the
   * lease: a host that lost it (its socket closed for that very reason) hands these back to the next
   * owner, which claims only queued rows and so never had them; fenced, they stayed `sent` unsent. */
  private async requeue(): Promise<void> {
    const ids = [...this.unacked];
    this.unacked.clear();
    await this.statuses.flush();
    await this.db
      .update(messages)
      .set({ status: 'queued', nextAttemptAt: null, attempts: sql`max(${messages.attempts} - 1, 0)`, updatedAt: this.clock() })
      .where(and(eq(messages.sessionId, this.sessionId), eq(messages.direction, 'out'), eq(messages.status, 'sent'), inArray(messages.waMessageId, ids)));
    this.held.queued();
    this.logger.warn({ sessionId: this.sessionId, count: ids.length }, 'unacknowledged sends queued again');
  }

  /** Several chats at once, each in order; a chat whose message has to wait (a retry, a governor
   * hold) sends nothing after it meanwhile: the rest of its messages go back to the queue, and
   * `claim` leaves them there until the waiting one is done. */
  private async sendBatch(batch: MessageRow[]): Promise<void> {
    const waiting = new Set<string>();
    // Not tried because a send before them met a hold on the whole session.
    const heldBack: number[] = [];
    await inChatLanes(
      batch,
      (row) => row.remoteJid,
      CHATS_IN_FLIGHT,
      async (row) => {
        if (this.held.current()) heldBack.push(row.id);
        else if (waiting.has(row.remoteJid)) await this.putBack(row);
        else if (!(await this.sendOne(row))) waiting.add(row.remoteJid);
      },
    );
    await this.held.mark(heldBack);
  }

  /** Not tried: back to `queued` with its attempt given back (and, for a governor hold, why and until when). */
  private async putBack(row: MessageRow, hold: { error: string; nextAttemptAt: number } | Record<string, never> = {}): Promise<void> {
    await this.db
      .update(messages)
      .set({ status: 'queued', attempts: sql`max(${messages.attempts} - 1, 0)`, updatedAt: this.clock(), ...hold })
      .where(and(eq(messages.id, row.id), this.fence.notTaken(this.clock())));
  }

  /** Until this session's earliest queued message is due (a retry, a governor hold), between
   * `pollMs` and `idlePollMaxMs`. */
  private async idleWaitMs(): Promise<number> {
    const { pollMs, idlePollMaxMs = pollMs } = this.options;
    if (idlePollMaxMs <= pollMs) return pollMs;
    const [row] = await this.db.all<{ due: number | null }>(
      sql`select min(coalesce(next_attempt_at, 0)) as due from messages where session_id = ${this.sessionId} and direction = 'out' and status = 'queued'`,
    );
    if (row?.due == null) return idlePollMaxMs;
    return Math.min(idlePollMaxMs, Math.max(pollMs, Number(row.due) - this.clock()));
  }

  /** A held session sleeps until its hold lifts, looking again at least every `idlePollMaxMs` (a clock
   * moved in a test, a lost wake-up) and at most every `pollMs`. */
  private heldWaitMs(until: number): number {
    const { pollMs, idlePollMaxMs = pollMs } = this.options;
    return Math.min(Math.max(pollMs, idlePollMaxMs), Math.max(pollMs, until - this.clock()));
  }

  private idle(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.wakeup.sleep(ms);
  }

  /** Marks the next due messages `sending` and returns them, oldest first; none of a chat that has
   * an earlier message waiting for its retry or a governor hold (messages_waiting holds only those). */
  private async claim(limit: number): Promise<MessageRow[]> {
    const now = this.clock();
    const rows = await this.db.all<Record<string, unknown>>(sql`update messages set status = 'sending', attempts = attempts + 1, updated_at = ${now}
      where id in (select id from messages m where session_id = ${this.sessionId} and direction = 'out' and status = 'queued'
        and coalesce(next_attempt_at, 0) <= ${now}
        and not exists (select 1 from messages w indexed by messages_waiting where w.session_id = m.session_id and w.remote_jid = m.remote_jid
          and w.direction = 'out' and w.status = 'queued' and w.next_attempt_at > ${now} and w.id < m.id)
        order by id limit ${limit})
        and ${this.fence.owned()}
      returning id, wa_message_id, remote_jid, type, payload, attempts, max_attempts`);
    return rows
      .map(
        (r) =>
          ({
            id: Number(r.id),
            waMessageId: String(r.wa_message_id),
            remoteJid: String(r.remote_jid),
            type: String(r.type),
            payload: String(r.payload),
            attempts: Number(r.attempts),
            maxAttempts: r.max_attempts == null ? null : Number(r.max_attempts),
          }) as MessageRow,
      )
      .sort((a, b) => a.id - b.id);
  }

  /** True when the message is done (sent, or failed for good); false when it waits to be tried again. */
  private async sendOne(row: MessageRow): Promise<boolean> {
    let built: BuiltMessage | undefined;
    try {
      const item = storedItem(row.payload);
      const sock = this.session.socket;
      if (!(await this.recipients.exists(sock, row.remoteJid))) throw new PermanentSendError(`${row.remoteJid.split('@')[0]} is not on WhatsApp`);
      const ctx = {
        sessionId: this.sessionId,
        remoteJid: row.remoteJid,
        messageId: row.waMessageId,
        accountJids: accountJids(sock),
        agent: this.session.agent,
      };
      built = await this.content.build(item, ctx);
      // Paced right before the socket send: what WhatsApp sees spaced is the sends themselves, however
      // long the recipient check or a media download before them took.
      await this.governor.wait(row.remoteJid, item);
      // Checked again after the waits: the lease may have gone meanwhile (cutOffByClose puts it back).
      if (!this.session.connected || !this.fence.holds()) throw new Error('The connection closed or the lease was lost before the send.');
      this.session.writing(row.waMessageId);
      await sock
        .sendMessage(row.remoteJid, built.content, { messageId: row.waMessageId, ...(built.quoted ? { quoted: built.quoted } : {}) })
        .catch((err: unknown) => {
          this.session.notWritten(row.waMessageId);
          throw err;
        });
      this.session.written(row.waMessageId);
      // Written with the next status batch: a crash before it resends under the same id.
      const person = await this.personOf(row.remoteJid);
      const now = this.clock();
      this.statuses.add(
        advanceStatusStatements(this.db, this.sessionId, row.waMessageId, row.remoteJid, 'sent', now, undefined, person, this.fence.notTaken(now)),
      );
      this.options.metrics?.messagesSent.inc({ type: row.type });
      return true;
    } catch (err) {
      return await this.failOrRetry(row, err);
    } finally {
      // A document's temporary file goes whether the send succeeded or not.
      await built?.release?.();
    }
  }

  /** True when the message failed for good; false when it is queued to be tried again. */
  private async failOrRetry(row: MessageRow, err: unknown): Promise<boolean> {
    const reason = err instanceof Error ? err.message : String(err);
    const now = this.clock();
    if (err instanceof SendDeferred) {
      // Held back by the governor, not tried.
      await this.putBack(row, { error: WAITING_PREFIX + err.reason, nextAttemptAt: err.until });
      if (err.sessionWide) this.held.set({ reason: err.reason, until: err.until });
      return false;
    }
    if (this.cutOffByClose(err)) {
      // Not the message's failure: a burst of closes must not use up its attempts.
      await this.putBack(row, { error: reason, nextAttemptAt: now + CLOSED_RETRY_MS });
      return false;
    }
    if (err instanceof PermanentSendError || row.attempts >= (row.maxAttempts ?? this.options.maxAttempts)) {
      this.logger.warn({ sessionId: this.sessionId, id: row.waMessageId, reason }, 'message failed');
      this.governor.failed?.();
      const person = await this.personOf(row.remoteJid).catch(() => ({}));
      this.statuses.add(
        advanceStatusStatements(this.db, this.sessionId, row.waMessageId, row.remoteJid, 'failed', now, reason, person, this.fence.notTaken(now)),
      );
      this.options.metrics?.messagesFailed.inc({ type: row.type });
      return true;
    }
    const delay = Math.min(60_000, 2_000 * 2 ** (row.attempts - 1));
    this.logger.info({ sessionId: this.sessionId, id: row.waMessageId, reason, retryInMs: delay }, 'send failed; will retry');
    await this.db
      .update(messages)
      .set({ status: 'queued', error: reason, nextAttemptAt: now + delay, updatedAt: now })
      .where(and(eq(messages.id, row.id), this.fence.notTaken(now)));
    return false;
  }

  /** The connection closed under the send: Baileys' "Connection Closed" (428), or any failure while
   * the session is no longer connected or its lease is no longer held here. */
  private cutOffByClose(err: unknown): boolean {
    return (
      !this.session.connected ||
      !this.fence.holds() ||
      (err as { output?: { statusCode?: number } } | null)?.output?.statusCode === DisconnectReason.connectionClosed
    );
  }
}

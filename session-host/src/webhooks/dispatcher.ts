// Delivers `webhook_outbox` rows for the sessions this host owns.
//
// Order: each webhook of a session is one queue. Only its oldest pending event is ever attempted;
// the next one waits until that is delivered or dead, so a receiver sees a session's events in the
// order they happened (a retried attempt may repeat an event, never reorder two). Queues are
// independent: each has its own drain loop, so a receiver that is down only holds up itself, not
// the session's other webhooks nor other sessions.
//
// Scheduling: a poll (default 500 ms) asks the database which owned sessions have a queue with a
// due head and starts a drain for each one not already draining; `kick` does the same for one
// session at once. All state lives in the outbox rows, so a restart, or another host taking a
// session over, simply carries on.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { HostDb } from '../db/client.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import { PinnedConnections } from '../net/pinned-connections.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { deliver, type DeliveryFetchOptions } from './deliver.js';
import { OutboxStore, type OutboxQueue, type OutboxRow, type WebhookTarget } from './outbox-store.js';

/** Pending events read per round trip. A crash re-sends the delivered ones not yet marked (at least
 * once, in order), so this also bounds how many a receiver may see twice. */
const READ_AHEAD = 16;
/** Events read longer ago than this are read again with the webhook, which may have changed. */
const TARGET_FRESH_MS = 1_000;

export interface WebhookDispatcherOptions {
  db: HostDb;
  logger: Logger;
  /** The sessions this host owns right now (e.g. `() => sessions.ownedSessions`). */
  ownedSessions: () => Iterable<string>;
  /** Counts each attempt's result (wa_webhook_deliveries_total). */
  metrics?: HostMetrics;
  clock?: () => number;
  fetchOptions?: DeliveryFetchOptions;
  backoff?: BackoffOptions;
  /** An event still undelivered this long after it was created goes dead. Default 24 h. */
  maxAgeMs?: number;
  /** Default 500 ms. */
  pollIntervalMs?: number;
  /** Queues (session × webhook) delivering at the same time; more wait for the next poll. Default 32. */
  maxConcurrentQueues?: number;
  /** For tests: the jitter source. */
  random?: () => number;
}

export class WebhookDispatcher {
  private readonly store: OutboxStore;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly maxAgeMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxConcurrent: number;
  /** Queues with a drain loop running (by queueKey), and whether a kick arrived while it ran. */
  private readonly draining = new Map<string, { sessionId: string; again: boolean; done: Promise<void> }>();
  /** Kicks still looking up their session's queues. */
  private readonly kicking = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** A queue's deliveries go one after another to the same receiver: over a kept connection. */
  private readonly connections = new PinnedConnections();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.store = new OutboxStore(options.db);
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger.child({ component: 'webhooks' });
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.maxConcurrent = options.maxConcurrentQueues ?? 32;
    // Every attempt in flight listens to this signal until it ends (safeFetch lets go after), one
    // per queue delivering: Node's default of 10 called 11 sessions delivering at once a leak.
    setMaxListeners(this.maxConcurrent, this.abort.signal);
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.schedulePoll(0);
  }

  /** Deliver this session's due events now, e.g. right after inserting one. Ignored for sessions
   * this host does not own: their owner delivers them. */
  kick(sessionId: string): void {
    if (this.closed || !this.owns(sessionId)) return;
    const kicked = this.startDue([sessionId])
      .catch((err) => this.logger.error({ err, sessionId }, 'webhook kick failed; the next poll tries again'))
      .finally(() => this.kicking.delete(kicked));
    this.kicking.add(kicked);
  }

  /** Stops polling, aborts attempts in flight (their rows stay pending, untouched, and are tried
   * again later: at-least-once) and waits for every drain loop to end. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.pollTimer);
    this.abort.abort(new Error('dispatcher closed'));
    await this.polling;
    await Promise.all(this.kicking);
    await Promise.all([...this.draining.values()].map((d) => d.done));
    this.connections.close();
  }

  /** Resolves when no drain is running: for tests and orderly shutdown. */
  async idle(): Promise<void> {
    while (this.draining.size > 0 || this.kicking.size > 0) {
      await Promise.all([...this.kicking, ...[...this.draining.values()].map((d) => d.done)]);
    }
  }

  private owns(sessionId: string): boolean {
    for (const owned of this.options.ownedSessions()) if (owned === sessionId) return true;
    return false;
  }

  private schedulePoll(delayMs: number): void {
    if (this.closed) return;
    this.pollTimer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedulePoll(this.pollIntervalMs);
      });
    }, delayMs);
    this.pollTimer.unref?.();
  }

  private async poll(): Promise<void> {
    try {
      const owned = [...this.options.ownedSessions()];
      if (owned.length > 0) await this.startDue(owned);
    } catch (err) {
      // The database may be briefly unreachable; the next poll tries again.
      this.logger.error({ err }, 'webhook poll failed');
    }
  }

  /** Starts a drain for each of these sessions' queues whose head is due. */
  private async startDue(sessionIds: string[]): Promise<void> {
    for (const queue of await this.store.dueQueues(sessionIds, this.clock())) {
      if (this.closed) break;
      this.startDrain(queue);
    }
  }

  private startDrain(queue: OutboxQueue): void {
    const key = `${queue.sessionId}\n${queue.webhookId}`;
    const running = this.draining.get(key);
    if (running) {
      running.again = true;
      return;
    }
    if (this.draining.size >= this.maxConcurrent) return; // the poll picks it up later
    const entry = { sessionId: queue.sessionId, again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.drain(queue);
        } while (entry.again && !this.closed);
      } catch (err) {
        this.logger.error({ err, ...queue }, 'webhook delivery loop failed; retrying on the next poll');
      } finally {
        this.draining.delete(key);
      }
    })();
    this.draining.set(key, entry);
  }

  /** Attempts the queue's head event until the queue is empty or its head is not yet due. Events
   * are read `READ_AHEAD` at a time with the webhook, and the delivered ones marked in the batch
   * that reads the next ones (or on the way out): one round trip for many deliveries. */
  private async drain(queue: OutboxQueue): Promise<void> {
    const { sessionId, webhookId } = queue;
    const delivered = { ids: [] as number[], at: 0 };
    try {
      // Stop as soon as the session moves to another host: its new owner carries on from the rows,
      // and two hosts sending the same queue could reorder it.
      while (!this.closed && this.owns(sessionId)) {
        const { target, heads } = await this.store.next(queue, READ_AHEAD, delivered);
        delivered.ids = [];
        if (heads.length === 0) return;
        if (!target) {
          const count = await this.store.markOrphansDead(queue);
          if (count > 0) this.logger.warn({ sessionId, webhookId, count }, 'webhook removed; pending events marked dead');
          return;
        }
        const readAt = this.clock();
        for (const head of heads) {
          if (this.closed || !this.owns(sessionId)) return;
          // The webhook may have been changed since: read it again rather than send on to an old URL.
          if (this.clock() - readAt > TARGET_FRESH_MS) break;
          if (head.nextAttemptAt > this.clock()) return; // backing off; the poll comes back for it
          const outcome = await this.attempt(head, target);
          if (outcome === 'aborted' || outcome === 'retry') return;
          if (outcome === 'delivered') {
            delivered.ids.push(head.id);
            delivered.at = this.clock();
          }
          // 'dead': the next event gets its turn
        }
      }
    } finally {
      if (delivered.ids.length > 0) await this.store.markDelivered(queue, delivered.ids, delivered.at);
    }
  }

  /** One attempt at the queue's head; a failure is recorded (to retry, or dead past its age). */
  private async attempt(head: OutboxRow, target: WebhookTarget): Promise<'delivered' | 'retry' | 'dead' | 'aborted'> {
    const log = { sessionId: head.sessionId, webhookId: head.webhookId, eventId: head.eventId, event: head.event, seq: head.seq, attempt: head.attempts + 1 };
    const result = await deliver(head, target, this.options.fetchOptions ?? {}, this.abort.signal, this.connections);
    if (this.closed) return 'aborted'; // aborted by close(): leave the row as it was
    const now = this.clock();
    if (result.ok) {
      this.options.metrics?.webhookDeliveries.inc({ result: 'delivered' });
      this.logger.debug({ ...log, status: result.status }, 'webhook delivered');
      return 'delivered';
    }
    const expiresAt = head.createdAt + this.maxAgeMs;
    if (now >= expiresAt) {
      await this.store.markFailed(head.id, result.error, null);
      this.options.metrics?.webhookDeliveries.inc({ result: 'dead' });
      this.logger.warn({ ...log, error: result.error }, 'webhook event dead: undelivered past its maximum age');
      return 'dead';
    }
    // Never schedule past the expiry: the last try happens right at the end of the event's life.
    const nextAttemptAt = Math.min(now + backoffDelay(head.attempts + 1, this.options.backoff, this.options.random), expiresAt);
    await this.store.markFailed(head.id, result.error, nextAttemptAt);
    this.options.metrics?.webhookDeliveries.inc({ result: 'retry' });
    this.logger.info({ ...log, error: result.error, retryInMs: nextAttemptAt - now }, 'webhook delivery failed; will retry');
    return 'retry';
  }
}

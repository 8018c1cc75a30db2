import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What became of a contact's message the AI was to answer (wa_ai_replies_total's `result`). */
export type AiReplyResult = 'replied' | 'error' | 'capped' | 'taken_over';

/** This host's Prometheus metrics, in a registry of its own (no process-wide default registry):
 * counters the working parts increment as things happen, and gauges set at scrape time from the
 * database (DbGauges). Process metrics (RSS, CPU, heap, event-loop lag) are prom-client's defaults.
 * Every label value comes from a small fixed set (message types the API accepts, WhatsApp content
 * types, delivery results, close reasons, statuses), so no series grows with traffic or user input. */
export class HostMetrics {
  readonly registry = new Registry();

  readonly messagesSent = this.counter('wa_messages_sent_total', 'Messages WhatsApp accepted from this host, by message type.', ['type']);
  readonly messagesFailed = this.counter('wa_messages_failed_total', 'Messages marked failed (permanent error or out of attempts), by type.', ['type']);
  readonly messagesReceived = this.counter('wa_messages_received_total', "Messages contacts sent to this host's sessions, by WhatsApp content type.", ['type']);
  readonly governorWaits = this.counter('wa_governor_waits_total', 'Sends (and number checks) the rate governor held back to keep SEND_RATE_PER_MINUTE.');
  readonly governorWaitSeconds = this.counter('wa_governor_wait_seconds_total', 'Time the rate governor held sends back, in seconds.');
  readonly webhookDeliveries = this.counter(
    'wa_webhook_deliveries_total',
    'Webhook delivery attempts by result: delivered, retry (failed, tried again later), dead (given up).',
    ['result'],
  );
  readonly leaseTakeovers = this.counter('wa_lease_takeovers_total', 'Sessions this host took over because no live host held their lease.');
  readonly leasesLost = this.counter(
    'wa_leases_lost_total',
    'Sessions this host stopped because its lease on them had gone to another host (or the session was deleted).',
  );
  readonly reconnects = this.counter('wa_reconnects_total', 'WhatsApp connections closed and opened again, by close reason.', ['reason']);
  readonly aiReplies = this.counter(
    'wa_ai_replies_total',
    "Contacts' messages the AI was to answer, by result: replied (a reply queued), error (the endpoint failed or the key cannot be opened), " +
      'capped (the daily cap is reached), taken_over (a human has the chat).',
    ['result'],
  );
  readonly aiCallSeconds = new Histogram({
    name: 'wa_ai_call_seconds',
    help: "Time a call to a session's AI endpoint took, by outcome (ok, error: failed or timed out).",
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });

  readonly sessions = this.gauge('wa_sessions', "This host's sessions by status.", ['status']);
  readonly sendQueueDepth = this.gauge('wa_send_queue_depth', "Messages queued or sending on this host's sessions.");
  readonly sendQueueOldestAge = this.gauge('wa_send_queue_oldest_age_seconds', 'Age of the oldest message in that queue (0 when it is empty).');
  readonly webhookBacklog = this.gauge('wa_webhook_backlog', "Webhook events waiting for delivery on this host's sessions.");
  readonly webhookDead = this.gauge('wa_webhook_dead', "Webhook events given up on (kept for RETENTION_WEBHOOK_DEAD_MS) on this host's sessions.");
  readonly campaignRecipients = this.gauge('wa_campaign_recipients', "Recipients of this host's scheduled, running and paused campaigns, by status.", [
    'status',
  ]);
  readonly databaseScrapeUp = this.gauge('wa_metrics_database_up', '1 when this scrape read the database gauges, 0 when the database did not answer.');
  /** prom-client's defaults have RSS, heap and `external` but not the ArrayBuffer share of it (Buffers). */
  readonly arrayBuffers = new Gauge({
    name: 'wa_process_array_buffers_bytes',
    help: "Memory of this process's main thread held by ArrayBuffers and Buffers (part of nodejs_external_memory_bytes).",
    registers: [this.registry],
    collect() {
      this.set(process.memoryUsage().arrayBuffers);
    },
  });
  /** Set only when the embedded database runs on its thread (watchDatabaseThread). */
  private databaseThreadHeap: (() => Promise<number>) | undefined;
  readonly databaseThreadHeapUsed = new Gauge({
    name: 'wa_database_thread_heap_used_bytes',
    help: "V8 heap used on the embedded database's own thread (not in nodejs_heap_size_used_bytes); 0 with LIBSQL_URL.",
    registers: [this.registry],
    collect: async () => {
      this.databaseThreadHeapUsed.set(this.databaseThreadHeap ? await this.databaseThreadHeap().catch(() => 0) : 0);
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The embedded database thread's heap, read at each scrape. */
  watchDatabaseThread(heapUsed: () => Promise<number>): void {
    this.databaseThreadHeap = heapUsed;
  }

  governorWaited(ms: number): void {
    this.governorWaits.inc();
    this.governorWaitSeconds.inc(ms / 1000);
  }

  /** The exposition text and its content type. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  private counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Set from the database at scrape time (DbGauges), not polled. */
  private gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}

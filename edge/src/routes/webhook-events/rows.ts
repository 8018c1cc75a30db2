import type { webhookOutbox } from '../../../../shared/src/db/schema.js';

type OutboxRow = typeof webhookOutbox.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An outbox row as the API shows it: times in ISO 8601, the stored body parsed back. */
export function eventItem(row: OutboxRow) {
  let payload: unknown = null;
  try {
    payload = JSON.parse(row.body);
  } catch {
    payload = row.body; // never expected: bodies are written as JSON; show it rather than fail
  }
  return {
    id: row.eventId,
    event: row.event,
    webhookId: row.webhookId,
    seq: row.seq,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: iso(row.createdAt) ?? '',
    deliveredAt: iso(row.deliveredAt),
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    payload,
  };
}

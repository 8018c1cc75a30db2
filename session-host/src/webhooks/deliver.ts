// One delivery attempt: the stored envelope, byte for byte, POSTed and signed.
import { createHmac } from 'node:crypto';
import type { PinnedConnections } from '../net/pinned-connections.js';
import { safeFetch, SafeFetchError, type SafeFetchOptions } from '../net/safe-fetch.js';
import type { OutboxRow, WebhookTarget } from './outbox-store.js';

export interface DeliveryFetchOptions {
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Local development only: lets receivers on loopback and the LAN through. */
  allowPrivateNetwork?: boolean;
  /** Only the status matters: at most this much of the answer is read. Default 64 KiB. */
  maxResponseBytes?: number;
}

export type DeliveryResult = { ok: true; status: number } | { ok: false; error: string };

/** Headers a receiver verifies: the signature covers the raw body, which itself carries the
 * delivery id, sequence number and timestamp, so those cannot be replayed onto another body.
 * node:crypto's HMAC, not WebCrypto's: importing a key per delivery was a tenth of a delivery's CPU. */
export function webhookHeaders(row: Pick<OutboxRow, 'eventId' | 'event' | 'body' | 'createdAt' | 'attempts' | 'seq'>, secret: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'wa-gateway-webhooks/1',
    'x-webhook-id': row.eventId,
    'x-webhook-event': row.event,
    'x-webhook-timestamp': envelopeTimestamp(row),
    'x-webhook-attempt': String(row.attempts + 1),
    ...(row.seq === null ? {} : { 'x-webhook-sequence': String(row.seq) }),
    'x-webhook-signature': `sha256=${createHmac('sha256', secret).update(row.body).digest('hex')}`,
  };
}

/** The envelope's own `timestamp` (ISO 8601), so the header matches the signed body. */
function envelopeTimestamp(row: Pick<OutboxRow, 'body' | 'createdAt'>): string {
  try {
    const parsed = JSON.parse(row.body) as { timestamp?: unknown };
    if (typeof parsed.timestamp === 'string') return parsed.timestamp;
  } catch {
    // fall through: a row written by hand still gets a timestamp
  }
  return new Date(row.createdAt).toISOString();
}

/** Redirects are not followed: a receiver that moved answers 3xx, which counts as a failure and
 * shows up in lastError, rather than the signed body silently going to another URL. */
export async function deliver(
  row: OutboxRow,
  target: WebhookTarget,
  options: DeliveryFetchOptions,
  signal?: AbortSignal,
  connections?: PinnedConnections,
): Promise<DeliveryResult> {
  const fetchOptions: SafeFetchOptions = {
    method: 'POST',
    headers: webhookHeaders(row, target.secret),
    body: row.body,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxResponseBytes: options.maxResponseBytes ?? 64 * 1024,
    truncateBody: true, // a 200 with a big page is still a delivery
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    maxRedirects: 0,
    signal,
    connections,
  };
  try {
    const res = await safeFetch(target.url, fetchOptions);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    if (err instanceof SafeFetchError) return { ok: false, error: `${err.reason}: ${err.message}` };
    return { ok: false, error: `network: ${String(err)}` };
  }
}

// Helpers for the campaign runner tests: create/act on campaigns through the public API, wait for a
// status, follow the SSE stream, and count what the simulated contacts decrypted.
import { expect } from 'vitest';
import type { SentMessage } from '../../simulator/src/index.js';
import { sseReader } from '../../test-support/sse-reader.js';

export interface Api {
  json<T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  fetch(path: string, init?: any): Promise<Response>;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` contact numbers starting at `base` (13 digits, Indonesian style). */
export const numbers = (base: number, count: number) => Array.from({ length: count }, (_, i) => String(base + i));

export async function createCampaign(api: Api, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.json('POST', '/api/v1/campaigns', { body, headers: bearer(token) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export const act = (api: Api, token: string, id: string, action: 'start' | 'pause' | 'resume') =>
  api.json('POST', `/api/v1/campaigns/${id}/${action}`, { headers: bearer(token) });

export async function details(api: Api, token: string, id: string) {
  const res = await api.json('GET', `/api/v1/campaigns/${id}?pageSize=1000`, { headers: bearer(token) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    status: string;
    statusDetail: string | null;
    statistics: { total: number; sent: number; failed: number; pending: number };
    recipients: any[];
  };
}

/** Polls the details endpoint until `pred` holds. */
export async function waitForCampaign(api: Api, token: string, id: string, pred: (c: Awaited<ReturnType<typeof details>>) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<ReturnType<typeof details>> | undefined;
  while (Date.now() < deadline) {
    last = await details(api, token, id);
    if (pred(last)) return last;
    await sleep(100);
  }
  throw new Error(
    `campaign ${id} did not reach the expected state; last: ${JSON.stringify({ status: last?.status, statusDetail: last?.statusDetail, statistics: last?.statistics })}`,
  );
}

/** Distinct WhatsApp ids the contact decrypted, among the messages matching `pred`. */
export function idsPerRecipient(sent: SentMessage[], pred: (m: SentMessage) => boolean = () => true): Map<string, Set<string>> {
  const byTo = new Map<string, Set<string>>();
  for (const m of sent.filter(pred)) {
    const ids = byTo.get(m.to) ?? new Set<string>();
    ids.add(m.id);
    byTo.set(m.to, ids);
  }
  return byTo;
}

/** An SSE event of a campaign stream, its data parsed. */
export interface CampaignEvent {
  event: string;
  data: any;
}

/** Follows GET /campaigns/:id/events in the background; `events` fills as they arrive and `done`
 * resolves when the stream ends (after `end` or `deleted`) or `stop()` is called. */
export async function followEvents(api: Api, token: string, id: string) {
  const res = await api.fetch(`/api/v1/campaigns/${id}/events`, { headers: bearer(token) });
  expect(res.status).toBe(200);
  const events: CampaignEvent[] = [];
  const sse = sseReader(res);
  const done = (async () => {
    for (let next = await sse.next(); next; next = await sse.next()) {
      if (next.event && next.data) events.push({ event: next.event, data: JSON.parse(next.data) });
    }
  })().catch(() => undefined);
  return {
    events,
    done,
    async stop() {
      await sse.cancel().catch(() => undefined);
    },
  };
}

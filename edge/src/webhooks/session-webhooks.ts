// A session's webhooks as the edge reads and writes them. The oldest is the primary: the one the
// original POST/GET/DELETE /webhook manage, so integrations written for one webhook keep working.
import { and, asc, eq, sql } from 'drizzle-orm';
import { MAX_WEBHOOKS_PER_SESSION } from '../../../shared/src/api/session-webhooks.js';
import { sessionWebhooks } from '../../../shared/src/db/schema.js';
import { adoptingPrimary } from '../../../shared/src/events.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

export type WebhookRow = typeof sessionWebhooks.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/** A row as the API shows it; never the secret. */
export function webhookItem(row: WebhookRow, primaryId: number | undefined) {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    primary: row.id === primaryId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function listWebhooks(db: Db, sessionId: string): Promise<WebhookRow[]> {
  return db.select().from(sessionWebhooks).where(eq(sessionWebhooks.sessionId, sessionId)).orderBy(asc(sessionWebhooks.id));
}

/** The webhook and the session's primary webhook id, or 404. */
export async function requireWebhook(db: Db, sessionId: string, webhookId: number): Promise<{ row: WebhookRow; primaryId: number | undefined }> {
  const [rows, primary] = await db.batch([
    db
      .select()
      .from(sessionWebhooks)
      .where(and(eq(sessionWebhooks.sessionId, sessionId), eq(sessionWebhooks.id, webhookId))),
    primaryIdQuery(db, sessionId),
  ]);
  const row = rows[0];
  if (!row) throw new ApiError(404, `Webhook ${webhookId} of session ${sessionId} not found.`);
  return { row, primaryId: primary[0]?.id ?? undefined };
}

function primaryIdQuery(db: Db, sessionId: string) {
  return db
    .select({ id: sql<number>`min(${sessionWebhooks.id})` })
    .from(sessionWebhooks)
    .where(eq(sessionWebhooks.sessionId, sessionId));
}

/** Adds a webhook unless the session has the most allowed already: the count and the insert are
 * one statement, so two requests at once cannot pass the limit together. */
export async function addWebhook(db: Db, values: { sessionId: string; url: string; secret: string; events: string[]; now: number }): Promise<WebhookRow> {
  const { sessionId, url, secret, events, now } = values;
  const [rows] = await db.batch([
    db.all<{ id: number }>(sql`insert into session_webhooks (session_id, url, secret, events, created_at, updated_at)
      select ${sessionId}, ${url}, ${secret}, ${JSON.stringify(events)}, ${now}, ${now}
      where (select count(*) from session_webhooks where session_id = ${sessionId}) < ${MAX_WEBHOOKS_PER_SESSION}
      returning id`),
    adoptOrphans(db, sessionId),
  ]);
  const id = rows[0]?.id;
  if (id === undefined) {
    const message = `Session ${sessionId} already has ${MAX_WEBHOOKS_PER_SESSION} webhooks, the most allowed: delete one before adding another.`;
    throw new ApiError(400, message, [{ path: 'webhooks', message }]);
  }
  return { id, sessionId, url, secret, events: JSON.stringify(events), createdAt: now, updatedAt: now };
}

const primaryOf = (sessionId: string) => sql`(select min(id) from session_webhooks where session_id = ${sessionId})`;

/** Pending deliveries whose webhook was removed move to the primary webhook where `adoptingPrimary`
 * allows: with one webhook, "delete it and set it again" kept the events still waiting, and does
 * so still. They keep their places (ids), ahead of the new webhook's own events. Pending ones the
 * host has not yet marked dead only: those it has can be retried. */
function adoptOrphans(db: Db, sessionId: string) {
  const adopter = adoptingPrimary(sessionId, sql`webhook_outbox.event`, sql`webhook_outbox.seq`);
  return db.run(sql`update webhook_outbox set webhook_id = ${adopter}
    where session_id = ${sessionId} and status = 'pending'
      and not exists (select 1 from session_webhooks as gone where gone.id = webhook_outbox.webhook_id)
      and ${adopter} is not null`);
}

/** The original POST /webhook: sets the primary webhook's URL and a new secret, creating it (for
 * every event) when the session has none. Its event filter, if any, stays. */
export async function setPrimaryWebhook(db: Db, sessionId: string, url: string, secret: string, now: number): Promise<void> {
  await db.batch([
    db.run(sql`insert into session_webhooks (session_id, url, secret, events, created_at, updated_at)
      select ${sessionId}, ${url}, ${secret}, '["*"]', ${now}, ${now}
      where not exists (select 1 from session_webhooks where session_id = ${sessionId})`),
    db.run(sql`update session_webhooks set url = ${url}, secret = ${secret}, updated_at = ${now} where id = ${primaryOf(sessionId)}`),
    adoptOrphans(db, sessionId),
  ]);
}

export async function primaryWebhookUrl(db: Db, sessionId: string): Promise<string | null> {
  const rows = await db.all<{ url: string }>(sql`select url from session_webhooks where id = ${primaryOf(sessionId)}`);
  return rows[0]?.url ?? null;
}

export async function deletePrimaryWebhook(db: Db, sessionId: string): Promise<void> {
  await db.run(sql`delete from session_webhooks where id = ${primaryOf(sessionId)}`);
}

/** Where a retried delivery goes: its own webhook, or, once that was removed, the primary as
 * `adoptingPrimary` allows (the original's "delete the webhook, set it again, retry" keeps working). */
export async function retryTarget(
  db: Db,
  row: { sessionId: string; webhookId: number | null; event: string; seq: number | null },
): Promise<number | undefined> {
  const own = await db.all<{ id: number }>(sql`select id from session_webhooks where session_id = ${row.sessionId} and id = ${row.webhookId ?? -1}`);
  if (own[0]) return own[0].id;
  const adopted = await db.all<{ id: number | null }>(sql`select ${adoptingPrimary(row.sessionId, row.event, row.seq)} as id`);
  return adopted[0]?.id ?? undefined;
}

// The migration to several webhooks per session, on a database written by the release before it:
// each session's one webhook becomes its primary, and waiting events stay its deliveries.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { databaseBefore } from '../../../test-support/database-before.js';
import { runMigrations, type HostDb } from './client.js';

let old: Awaited<ReturnType<typeof databaseBefore>>;
let db: HostDb;

beforeAll(async () => {
  old = await databaseBefore('_multi_webhooks');
  db = old.db;
  await db.run(sql`insert into webhooks (session_id, url, secret, created_at, updated_at) values
    ('hooked', 'https://hooked.example/', 'whsec_hooked', 1000, 2000), ('quiet', 'https://quiet.example/', 'whsec_quiet', 3000, 3000)`);
  await db.run(sql`insert into webhook_outbox (session_id, event_id, event, body, status, created_at, next_attempt_at) values
    ('hooked', 'e-waiting', 'message.received', '{}', 'pending', 1, 1),
    ('hooked', 'e-done', 'message.received', '{}', 'delivered', 1, 1),
    ('unhooked', 'e-nobody', 'message.received', '{}', 'pending', 1, 1)`);
  await runMigrations(db);
});
afterAll(() => old?.close());

describe('migration to several webhooks per session', () => {
  it("copies each session's webhook as its primary, for every event, with its secret and times", async () => {
    const rows = await db.select().from(t.sessionWebhooks).orderBy(asc(t.sessionWebhooks.id));
    expect(rows.map(({ id: _, ...row }) => row)).toEqual([
      { sessionId: 'hooked', url: 'https://hooked.example/', secret: 'whsec_hooked', events: '["*"]', createdAt: 1000, updatedAt: 2000 },
      { sessionId: 'quiet', url: 'https://quiet.example/', secret: 'whsec_quiet', events: '["*"]', createdAt: 3000, updatedAt: 3000 },
    ]);
  });

  it('stored events become deliveries to that webhook; a waiting one with no webhook is dead, as the host would have made it', async () => {
    const [hooked] = await db.select().from(t.sessionWebhooks).where(sql`session_id = 'hooked'`);
    const events = await db.select().from(t.webhookOutbox).orderBy(asc(t.webhookOutbox.id));
    expect(events.map((e) => [e.eventId, e.webhookId, e.status, e.lastError])).toEqual([
      ['e-waiting', hooked!.id, 'pending', null],
      ['e-done', hooked!.id, 'delivered', null],
      ['e-nobody', null, 'dead', 'webhook removed'],
    ]);
  });
});

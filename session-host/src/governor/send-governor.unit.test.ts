// The SendGovernor against a real libSQL database: it reads today's counts back from the messages
// (so a new instance after a restart knows them), treats a recipient who wrote first as known,
// stores a pause with its session.update event, and a resume releases the held messages.
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernorSettings } from '../../../shared/src/api/governor.js';
import { messages, sessionWebhooks, sessions } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { SendDeferred, WAITING_PREFIX } from './send-deferred.js';
import { PAUSED_RECHECK_MS, SendGovernor } from './send-governor.js';
import { NO_LIMITS } from './no-limits.js';

const logger = pino({ level: 'silent' });
const NOW = Date.parse('2026-11-02T10:30:00Z');
const settings: GovernorSettings = { ...NO_LIMITS, pauseRefusals: 2 };
let fx: DbFixture;
let db: HostDb;
let count = 0;

beforeAll(async () => {
  fx = await startDb();
  db = fx.db;
});
afterAll(async () => fx?.close());

async function newSession(overrides: Partial<GovernorSettings> = {}): Promise<string> {
  const sessionId = `sg-${++count}`;
  await db.insert(sessions).values({ id: sessionId, tokenHash: `hash-${sessionId}`, status: 'CONNECTED', detail: 'Connected as Shop' });
  await db.insert(sessionWebhooks).values({ sessionId, url: 'http://127.0.0.1:9/hook', secret: 's' });
  await db.run(sql`insert into send_governors (session_id, settings) values (${sessionId}, ${JSON.stringify(overrides)})`);
  return sessionId;
}

const governorFor = (sessionId: string, woken: string[] = []) =>
  new SendGovernor(sessionId, db, { settings, pauseWindowMs: 600_000 }, { socket: () => undefined, wake: () => woken.push(sessionId) }, logger, () => NOW);

async function row(sessionId: string, id: string, direction: 'in' | 'out', remoteJid: string, sentAt: number | null, status = 'sent') {
  await db.insert(messages).values({ sessionId, waMessageId: id, direction, remoteJid, type: 'text', payload: '{}', status, sentAt });
}

const deferral = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof SendDeferred ? { reason: err.reason, until: err.until } : Promise.reject(err)),
  );

describe('SendGovernor', () => {
  it("reads today's counts back from the messages: a new instance (a restarted host) holds at the cap", async () => {
    const sessionId = await newSession({ dailyCap: 2 });
    await row(sessionId, 'Y1', 'out', 'a@s.whatsapp.net', NOW - 86_400_000); // yesterday: not counted
    await row(sessionId, 'T1', 'out', 'a@s.whatsapp.net', NOW - 3_600_000);
    await row(sessionId, 'T2', 'out', 'b@s.whatsapp.net', NOW - 60_000);
    const view = await governorFor(sessionId).view();
    expect(view.counts).toEqual({ today: 2, thisHour: 1, firstContactsToday: 1 });
    expect(await deferral(governorFor(sessionId).wait('a@s.whatsapp.net'))).toEqual({
      reason: 'The daily cap of 2 messages is reached: sending resumes tomorrow (UTC).',
      until: Date.parse('2026-11-03T00:00:00Z'),
    });
  });

  it('a recipient who wrote first, or was written to before, is no first contact', async () => {
    const sessionId = await newSession({ firstContactDailyCap: 1 });
    await row(sessionId, 'IN1', 'in', 'friend@s.whatsapp.net', null, 'received');
    await row(sessionId, 'OLD', 'out', 'old@s.whatsapp.net', NOW - 5 * 86_400_000);
    const governor = governorFor(sessionId);
    await governor.wait('new@s.whatsapp.net');
    expect(await deferral(governor.wait('other-new@s.whatsapp.net'))).toMatchObject({ until: Date.parse('2026-11-03T00:00:00Z') });
    expect(await deferral(governor.wait('friend@s.whatsapp.net'))).toBeNull();
    expect(await deferral(governor.wait('old@s.whatsapp.net'))).toBeNull();
    expect((await governor.view()).counts).toEqual({ today: 3, thisHour: 3, firstContactsToday: 1 });
  });

  it('two refusals pause it (stored, with session.update); a resume clears the pause and releases held messages', async () => {
    const sessionId = await newSession();
    await row(sessionId, 'HELD', 'out', 'c@s.whatsapp.net', null, 'queued');
    await db.run(sql`update messages set error = ${`${WAITING_PREFIX}Quiet hours`}, next_attempt_at = ${NOW + 3_600_000} where wa_message_id = 'HELD'`);
    const woken: string[] = [];
    const governor = governorFor(sessionId, woken);
    await governor.view();
    governor.refused('463');
    governor.refused('463');
    await expect
      .poll(async () => (await governorFor(sessionId).view()).paused?.reason)
      .toBe('WhatsApp refused 2 sends within 10 min (error 463: account restricted from starting chats).');
    expect(await deferral(governor.wait('c@s.whatsapp.net'))).toMatchObject({ until: NOW + PAUSED_RECHECK_MS });

    expect(await governor.resume()).toBe(true);
    expect((await governorFor(sessionId).view()).paused).toBeNull();
    const [held] = await db.all<{ next: number | null }>(sql`select next_attempt_at as next from messages where wa_message_id = 'HELD'`);
    expect(held?.next).toBeNull();
    expect(woken).toEqual([sessionId]);
    const events = await db.all<{ body: string }>(sql`select body from webhook_outbox where session_id = ${sessionId} order by id`);
    expect(events.map((e) => JSON.parse(e.body).data)).toEqual([
      {
        status: 'CONNECTED',
        detail: 'Connected as Shop',
        governor: { paused: true, reason: 'WhatsApp refused 2 sends within 10 min (error 463: account restricted from starting chats).' },
      },
      { status: 'CONNECTED', detail: 'Connected as Shop', governor: { paused: false, reason: null } },
    ]);
    expect(await governor.resume()).toBe(false);
  });
});

// The runner against a real libSQL database, with a fake send queue that settles queued messages
// the way the real one does (advanceStatusStatements). Covers what the e2e tests cannot stage:
// recovery of rows an older host left behind, the completion rule, progress in the outbox.
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campaignRecipients, campaigns, messages, sessionWebhooks, webhookOutbox } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { advanceStatusStatements } from '../events/message-status.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { CampaignRunner, waitingDetail } from './campaign-runner.js';

const SESSION = 'unit';
let fx: DbFixture;
let db: HostDb;
let runner: CampaignRunner | undefined;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  fx = await startDb();
  db = fx.db;
  await db.insert(sessionWebhooks).values({ sessionId: SESSION, url: 'http://127.0.0.1:9/hook', secret: 's' });
});
afterAll(async () => fx?.close());
beforeEach(async () => {
  await runner?.stop();
  runner = undefined;
});

/** Sends every queued message of the session: `outcome` decides sent or failed per number. */
function fakeQueue(outcome: (to: string) => 'sent' | string = () => 'sent') {
  let busy = Promise.resolve();
  const drain = async () => {
    const rows = await db.select().from(messages).where(sql`session_id = ${SESSION} and status = 'queued'`);
    for (const row of rows) {
      const result = outcome(row.remoteJid);
      await db
        .update(messages)
        .set({ attempts: row.attempts + 1, status: 'sending' })
        .where(eq(messages.id, row.id));
      const now = Date.now();
      const statements =
        result === 'sent'
          ? advanceStatusStatements(db, SESSION, row.waMessageId, row.remoteJid, 'sent', now)
          : advanceStatusStatements(db, SESSION, row.waMessageId, row.remoteJid, 'failed', now, result);
      await db.batch([...statements]);
    }
  };
  return {
    connected: true,
    kickQueue: () => {
      busy = busy.then(drain);
    },
  };
}

async function newCampaign(id: string, count: number, settings = { delayBetweenMessages: 0, maxRetries: 2 }, status = 'running') {
  await db.insert(campaigns).values({
    id,
    sessionId: SESSION,
    name: id,
    status,
    message: JSON.stringify({ type: 'text', content: 'Hi {{Name}}' }),
    settings: JSON.stringify(settings),
  });
  await db
    .insert(campaignRecipients)
    .values(Array.from({ length: count }, (_, i) => ({ campaignId: id, position: i, number: `62811${String(i).padStart(7, '0')}`, name: `N${i}` })));
}

/** Polls the campaign's row until its status satisfies `pred`; the test's timeout ends a wait that never does. */
async function waitForStatus(id: string, pred: (status: string) => boolean) {
  for (;;) {
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    if (row && pred(row.status)) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const recipientsOf = (id: string) => db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, id)).orderBy(campaignRecipients.position);
const start = (session: { connected: boolean; kickQueue(): void }, options: { noCampaignPollMs?: number } = {}) => {
  runner = new CampaignRunner(SESSION, db, session, logger, { idlePollMs: 100, progressIntervalMs: 0, ...options });
  runner.start();
  return runner;
};

describe('CampaignRunner', () => {
  it('sends each recipient once, in order, with the rendered text and max_attempts = maxRetries + 1; progress and completed in the outbox', async () => {
    await newCampaign('c-basic', 5);
    start(fakeQueue());
    const done = await waitForStatus('c-basic', (s) => s !== 'running');
    expect(done).toMatchObject({ status: 'completed', statusDetail: '5 sent, 0 failed.', completedAt: expect.any(Number) });
    const rows = await recipientsOf('c-basic');
    const sent = await db
      .select()
      .from(messages)
      .where(sql`campaign_recipient_id in (select id from campaign_recipients where campaign_id = 'c-basic')`)
      .orderBy(messages.id);
    expect(sent.map((m) => m.campaignRecipientId)).toEqual(rows.map((r) => r.id));
    for (const [i, r] of rows.entries()) {
      expect(r).toMatchObject({ status: 'sent', attempts: 1, waMessageId: sent[i]!.waMessageId, sentAt: expect.any(Number) });
      expect(JSON.parse(sent[i]!.payload)).toEqual({ recipient_type: 'individual', to: r.number, type: 'text', text: { body: `Hi N${i}` } });
      expect(sent[i]!.maxAttempts).toBe(3);
    }
    const events = (await db.select().from(webhookOutbox).where(sql`body like '%c-basic%'`)).map((e) => JSON.parse(e.body));
    const progress = events.filter((e) => e.event === 'campaign.progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const e of progress) expect(e.data.statistics.total).toBe(5);
    expect(events.filter((e) => e.event === 'campaign.completed')).toEqual([
      expect.objectContaining({
        data: {
          id: 'c-basic',
          name: 'c-basic',
          status: 'completed',
          statusDetail: '5 sent, 0 failed.',
          statistics: { total: 5, sent: 5, failed: 0, pending: 0 },
        },
      }),
    ]);
  });

  it('every recipient failed → the campaign is failed, naming the first reason', async () => {
    await newCampaign('c-fail', 2);
    start(fakeQueue((to) => `${to.split('@')[0]} is not on WhatsApp`));
    const done = await waitForStatus('c-fail', (s) => s !== 'running');
    expect(done.status).toBe('failed');
    expect(done.statusDetail).toBe(`All 2 recipients failed (first: ${(await recipientsOf('c-fail'))[0]!.number} is not on WhatsApp).`);
  });

  it('recovery: a recipient left sending is never sent under a new id (message final → settled; message missing → re-queued with its id)', async () => {
    await newCampaign('c-recover', 3, { delayBetweenMessages: 0, maxRetries: 0 }, 'paused');
    const [r0, r1] = await recipientsOf('c-recover');
    // r0: its message was sent, but the recipient was not settled (state from an older host).
    await db.update(campaignRecipients).set({ status: 'sending', waMessageId: '3EB0AAAAAAAAAAAAAAAAAA' }).where(eq(campaignRecipients.id, r0!.id));
    await db.insert(messages).values({
      sessionId: SESSION,
      waMessageId: '3EB0AAAAAAAAAAAAAAAAAA',
      direction: 'out',
      remoteJid: `${r0!.number}@s.whatsapp.net`,
      type: 'text',
      payload: '{}',
      status: 'delivered',
      attempts: 1,
      campaignRecipientId: r0!.id,
    });
    // r1: claimed with an id but its message row is missing.
    await db.update(campaignRecipients).set({ status: 'sending', waMessageId: '3EB0BBBBBBBBBBBBBBBBBB' }).where(eq(campaignRecipients.id, r1!.id));
    await db.update(campaigns).set({ status: 'running' }).where(eq(campaigns.id, 'c-recover'));
    start(fakeQueue());
    await waitForStatus('c-recover', (s) => s === 'completed');
    const rows = await recipientsOf('c-recover');
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows[0]!.waMessageId).toBe('3EB0AAAAAAAAAAAAAAAAAA');
    expect(rows[1]!.waMessageId).toBe('3EB0BBBBBBBBBBBBBBBBBB');
    const forR1 = await db.select().from(messages).where(eq(messages.campaignRecipientId, r1!.id));
    expect(forR1.map((m) => m.waMessageId)).toEqual(['3EB0BBBBBBBBBBBBBBBBBB']);
  });

  it('disconnected: waits with a statusDetail and claims nothing; continues once connected', async () => {
    await newCampaign('c-wait', 2);
    const queue = fakeQueue();
    const session = { connected: false, kickQueue: queue.kickQueue };
    const r = start(session);
    let row = (await db.select().from(campaigns).where(eq(campaigns.id, 'c-wait')))[0]!;
    while (row.statusDetail !== waitingDetail(SESSION)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      row = (await db.select().from(campaigns).where(eq(campaigns.id, 'c-wait')))[0]!;
    }
    expect(row).toMatchObject({ status: 'running', statusDetail: waitingDetail(SESSION) });
    expect((await recipientsOf('c-wait')).every((x) => x.status === 'pending')).toBe(true);
    session.connected = true;
    r.kick();
    const done = await waitForStatus('c-wait', (s) => s === 'completed');
    expect(done.statusDetail).toBe('2 sent, 0 failed.');
  });

  it('a paused campaign is not touched; an invalid rendered message fails that recipient without a send', async () => {
    await newCampaign('c-paused', 2, undefined, 'paused');
    await db.insert(campaigns).values({
      id: 'c-empty',
      sessionId: SESSION,
      name: 'empty',
      status: 'running',
      message: JSON.stringify({ type: 'text', content: '{{Name}}' }),
      settings: '{"delayBetweenMessages":0,"maxRetries":0}',
    });
    await db.insert(campaignRecipients).values({ campaignId: 'c-empty', position: 0, number: '6281199999999', name: null });
    start(fakeQueue());
    const done = await waitForStatus('c-empty', (s) => s !== 'running');
    expect(done.status).toBe('failed');
    expect((await recipientsOf('c-empty'))[0]).toMatchObject({ status: 'failed', waMessageId: null, lastError: expect.stringContaining('text.body') });
    expect((await recipientsOf('c-paused')).every((x) => x.status === 'pending')).toBe(true);
  });

  it('a session without campaigns sleeps its long poll; a new campaign starts on its kick', async () => {
    const running = start(fakeQueue(), { noCampaignPollMs: 600_000 });
    // The first scan found nothing and went to sleep for ten minutes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await newCampaign('c-kicked', 2);
    running.kick();
    const done = await waitForStatus('c-kicked', (s) => s !== 'running');
    expect(done).toMatchObject({ status: 'completed', statusDetail: '2 sent, 0 failed.' });
  });
});

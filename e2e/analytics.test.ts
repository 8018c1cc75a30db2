// GET /analytics and GET /analytics/campaigns against the real gateway: messages sent to and
// received from simulated contacts move the counts, receipts move delivered and read, and each
// caller sees only the sessions it reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser } from '../test-support/dashboard-users.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

let gw: Gateway;
const tokens: Record<string, string> = {};
const bearer = (sessionId: string) => ({ authorization: `Bearer ${tokens[sessionId]}` });
const master = () => ({ 'x-master-key': gw.stack.masterKey });
const POLL = { timeout: 30_000, interval: 100 };
const SHOP = '6280000000141';

beforeAll(async () => {
  gw = await startGateway();
  // receipts only when a test sends them
  gw.sim.setReceiptMode('manual');
  tokens.counts = await gw.pairSession('counts', SHOP, 'Counts Shop');
  tokens.other = await gw.pairSession('other', '6280000000142', 'Other Shop');
  tokens.camp = await gw.pairSession('camp', '6280000000143', 'Campaign Shop');
}, 120_000);
afterAll(async () => gw?.close());

let nextContact = 0;
/** A contact no other test writes to. */
function contact(): string {
  const phone = `62814400${String(nextContact++).padStart(5, '0')}`;
  gw.sim.addContact(phone, { name: `Contact ${nextContact}` });
  return phone;
}

async function sendText(sessionId: string, to: string, body: string): Promise<string> {
  const res = await gw.stack.json('POST', `/api/v1/messages?sessionId=${sessionId}`, {
    body: { recipient_type: 'individual', to, type: 'text', text: { body } },
    headers: bearer(sessionId),
  });
  expect(res.status).toBe(200);
  return res.body[0].messageId;
}

const analytics = (query: string, headers: Record<string, string>) => gw.stack.json('GET', `/api/v1/analytics?${query}`, { headers });

describe('GET /api/v1/analytics', () => {
  it('counts sends, receipts, a failure and received messages per minute, hour and day, with the ratios', async () => {
    const [ani, budi, citra] = [contact(), contact(), contact()];
    const stranger = `62814499${String(nextContact++).padStart(5, '0')}`;
    gw.sim.refuse(stranger);
    const ids = [await sendText('counts', ani, 'one'), await sendText('counts', budi, 'two'), await sendText('counts', citra, 'three')];
    for (const [i, to] of [ani, budi, citra].entries()) await gw.sim.waitForSent(to, { pred: (m) => m.id === ids[i] });
    await sendText('counts', stranger, 'not on WhatsApp');
    gw.sim.receipt(ani, ids[0]!, 'delivery');
    gw.sim.receipt(ani, ids[0]!, 'read');
    gw.sim.receipt(budi, ids[1]!, 'delivery');
    await gw.sim.sendFrom(ani, { text: 'thanks' }, { to: SHOP });
    await gw.sim.sendFrom(budi, { text: 'ok' }, { to: SHOP });

    const want = { sent: 3, delivered: 2, read: 1, failed: 1, received: 2 };
    await expect.poll(async () => (await analytics('sessionId=counts&granularity=minute', bearer('counts'))).body.totals, POLL).toEqual(want);
    const minute = (await analytics('sessionId=counts&granularity=minute', bearer('counts'))).body;
    expect(minute).toMatchObject({ status: 'success', sessionId: 'counts', granularity: 'minute', ratios: { delivered: 0.6667, read: 0.5 } });
    // the default range: the last hour, one bucket a minute, each series one number a bucket
    expect(minute.buckets.length).toBeGreaterThanOrEqual(60);
    expect(minute.buckets.length).toBeLessThanOrEqual(61);
    for (const metric of Object.keys(want)) expect(minute.series[metric]).toHaveLength(minute.buckets.length);
    expect(minute.series.sent.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    expect(Date.parse(minute.buckets[1]) - Date.parse(minute.buckets[0])).toBe(60_000);
    expect(minute.sessions).toEqual([{ sessionId: 'counts', totals: want, ratios: { delivered: 0.6667, read: 0.5 } }]);

    const hour = (await analytics('sessionId=counts&granularity=hour', bearer('counts'))).body;
    expect(hour.totals).toEqual(want);
    expect(hour.buckets.length).toBeGreaterThanOrEqual(24);
    const day = (await analytics('sessionId=counts&granularity=day', bearer('counts'))).body;
    expect(day.totals).toEqual(want);
    expect(day.buckets.at(-1)).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    // a range before any traffic: zeros, no ratios
    const before = (await analytics('sessionId=counts&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z', bearer('counts'))).body;
    expect(before).toMatchObject({ totals: { sent: 0, received: 0 }, ratios: { delivered: null, read: null }, sessions: [] });
    expect(before.buckets).toHaveLength(24);
    expect(before.buckets[0]).toBe('2026-01-01T00:00:00.000Z');

    // a read receipt for a message never marked delivered counts it delivered as well
    gw.sim.receipt(citra, ids[2]!, 'read');
    await expect.poll(async () => (await analytics('sessionId=counts', bearer('counts'))).body.totals, POLL).toEqual({ ...want, delivered: 3, read: 2 });
  });

  it('scopes: a token sees its session only (its webhook backlog too), an operator its assigned ones, the master key every session', async () => {
    // a webhook nobody answers: its deliveries wait in the backlog
    const hook = await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'other', url: 'http://127.0.0.1:9/hook' }, headers: bearer('other') });
    expect(hook.status).toBe(200);
    const dewi = contact();
    const id = await sendText('other', dewi, 'from other');
    await gw.sim.waitForSent(dewi, { pred: (m) => m.id === id });
    await expect.poll(async () => (await analytics('sessionId=other', master())).body.totals.sent, POLL).toBe(1);

    const own = (await analytics('', bearer('other'))).body;
    expect(own.sessionId).toBeNull();
    expect(own.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['other']);
    expect(own.totals.sent).toBe(1);
    await expect.poll(async () => (await analytics('', bearer('other'))).body.webhooks.pending, POLL).toBeGreaterThan(0);
    expect((await analytics('', bearer('other'))).body.webhooks.oldestPendingAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await analytics('', bearer('counts'))).body.webhooks).toEqual({ pending: 0, dead: 0, oldestPendingAt: null });
    const refused = await analytics('sessionId=counts', bearer('other'));
    expect(refused).toMatchObject({ status: 403, body: { status: 'error', message: expect.stringContaining('counts') } });

    const everyone = (await analytics('', master())).body;
    expect(everyone.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(expect.arrayContaining(['counts', 'other']));
    expect(everyone.totals.sent).toBe(everyone.sessions.reduce((n: number, s: { totals: { sent: number } }) => n + s.totals.sent, 0));

    const operator = await createSignedInUser((path, init) => gw.stack.fetch(path, init as never), {
      masterKey: gw.stack.masterKey,
      origin: 'http://localhost', // where gw.stack.fetch sends its requests
      username: 'analytics-operator',
      sessionIds: ['other'],
    });
    const cookie = { cookie: `wag_dashboard=${operator.cookie}` };
    const seen = (await analytics('', cookie)).body;
    expect(seen.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['other']);
    expect((await analytics('sessionId=counts', cookie)).status).toBe(403);
    expect((await gw.stack.json('GET', '/api/v1/analytics', {})).status).toBe(401);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['granularity=week', 'granularity'],
      ['since=yesterday', 'since'],
      ['until=2026-13-01T00:00:00Z', 'until'],
      ['sessionId=bad%20id', 'sessionId'],
      ['since=2026-02-02T00:00:00Z&until=2026-02-01T00:00:00Z', 'since'],
      ['granularity=minute&since=2026-02-01T00:00:00Z&until=2026-02-02T00:00:01Z', 'since'],
      ['granularity=hour&since=2026-01-01T00:00:00Z&until=2026-02-02T00:00:00Z', 'since'],
      ['granularity=day&since=2024-01-01T00:00:00Z&until=2026-02-02T00:00:00Z', 'since'],
    ];
    for (const [query, field] of cases) {
      const res = await analytics(query, master());
      expect(res.status, query).toBe(400);
      expect(res.body.status).toBe('error');
      expect(res.body.message, query).toContain(field);
      expect(res.body.details[0].path, query).toBe(field);
    }
    const limit = await gw.stack.json('GET', '/api/v1/analytics/campaigns?limit=101', { headers: master() });
    expect(limit).toMatchObject({ status: 400, body: { details: [{ path: 'limit' }] } });
  });
});

describe('GET /api/v1/analytics/campaigns', () => {
  it('compares campaigns: recipients, sent, delivered, read, failed, ratios and rate', async () => {
    const people = [contact(), contact(), contact()];
    const created = await gw.stack.json('POST', '/api/v1/campaigns', {
      body: {
        name: 'Compared',
        sessionId: 'camp',
        message: { type: 'text', content: 'Hi {{Name}}' },
        recipients: people.map((number, i) => ({ number, name: `P${i}` })),
        settings: { delayBetweenMessages: 0 },
      },
      headers: bearer('camp'),
    });
    expect(created.status).toBe(201);
    const idle = await gw.stack.json('POST', '/api/v1/campaigns', {
      body: { name: 'Never started', sessionId: 'camp', message: { type: 'text', content: 'Hi' }, recipients: [{ number: people[0] }] },
      headers: bearer('camp'),
    });
    expect((await gw.stack.json('POST', `/api/v1/campaigns/${created.body.id}/start`, { headers: bearer('camp') })).status).toBe(200);
    const sent = await Promise.all(people.map(async (to) => (await gw.sim.waitForSent(to, { pred: (m) => m.text?.startsWith('Hi P') ?? false }))[0]!));
    gw.sim.receipt(people[0]!, sent[0]!.id, 'delivery');
    gw.sim.receipt(people[0]!, sent[0]!.id, 'read');
    gw.sim.receipt(people[1]!, sent[1]!.id, 'delivery');

    const compared = async () =>
      (await gw.stack.json('GET', '/api/v1/analytics/campaigns?sessionId=camp', { headers: bearer('camp') })).body.campaigns.find(
        (c: { id: string }) => c.id === created.body.id,
      );
    await expect.poll(async () => (await compared())?.delivered, POLL).toBe(2);
    const row = await compared();
    expect(row).toMatchObject({
      name: 'Compared',
      sessionId: 'camp',
      status: 'completed',
      recipients: 3,
      sent: 3,
      delivered: 2,
      read: 1,
      failed: 0,
      pending: 0,
      ratios: { delivered: 0.6667, read: 0.5 },
      recentPerMinute: 0.6,
    });
    expect(row.ratePerMinute).toBeGreaterThan(0);
    const list = (await gw.stack.json('GET', '/api/v1/analytics/campaigns?sessionId=camp', { headers: bearer('camp') })).body.campaigns;
    // newest first; the unstarted one has no rate
    expect(list[0]).toMatchObject({ id: idle.body.id, status: 'draft', recipients: 1, sent: 0, pending: 1, ratePerMinute: null, ratios: { delivered: null } });
    // another session's token sees none of these
    const others = (await gw.stack.json('GET', '/api/v1/analytics/campaigns', { headers: bearer('other') })).body.campaigns;
    expect(others.filter((c: { sessionId: string }) => c.sessionId !== 'other')).toEqual([]);
    expect((await gw.stack.json('GET', '/api/v1/analytics/campaigns?sessionId=camp', { headers: bearer('other') })).status).toBe(403);
  });
});

// Several webhooks per session against the real host and simulator: filters, one queue per
// webhook, per-session sequence numbers, the original POST /webhook as the primary, and the live
// event stream with Last-Event-ID resume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { type SseEvent, sseReader } from '../test-support/sse-reader.js';
import { type ReceivedWebhook, startWebhookReceiver } from '../test-support/webhook-receiver.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

let gw: Gateway;
let token: string;
/** Set with the original POST /webhook: the primary, every event. */
let primary: Receiver;
let primarySecret: string;
/** Added with POST /sessions/{id}/webhooks: message.received only. */
let messagesOnly: Receiver;
let messagesOnlySecret: string;
let messagesOnlyId: number;
const SESSION = 'routing';
const DANI = '6284444444444';

const auth = () => ({ authorization: `Bearer ${token}` });
const seqOf = (hook: ReceivedWebhook) => hook.body.seq;
const messageWith = (id: string) => (r: ReceivedWebhook) => r.body.event === 'message.received' && r.body.data.id === id;

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(DANI, { name: 'Dani' });
  [primary, messagesOnly] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  token = await gw.stack.createSession(SESSION);
  const legacy = await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: SESSION, url: primary.url }, headers: auth() });
  expect(legacy.status).toBe(200);
  primarySecret = legacy.body.secret;
  const added = await gw.stack.json('POST', `/api/v1/sessions/${SESSION}/webhooks`, {
    body: { url: messagesOnly.url, events: ['message.received'] },
    headers: auth(),
  });
  expect(added.status).toBe(201);
  ({ id: messagesOnlyId, secret: messagesOnlySecret } = added.body.webhook);
  const { qr } = await gw.waitForSession(SESSION, (s) => s.status === 'QR' && Boolean(s.qr));
  await gw.sim.scan(qr!, { phone: '6280000000012', name: 'Routing Shop' });
  await gw.waitForSession(SESSION, (s) => s.status === 'CONNECTED');
});
afterAll(async () => {
  await Promise.all([primary?.close(), messagesOnly?.close()]);
  await gw?.close();
});

describe('webhook routing', () => {
  it('each webhook gets what its filter names, signed with its own secret; sequence numbers have no gaps across both', async () => {
    const ids = [await gw.sim.sendFrom(DANI, { text: 'one' }), await gw.sim.sendFrom(DANI, { text: 'two' })];
    for (const id of ids) await Promise.all([primary.waitFor(messageWith(id)), messagesOnly.waitFor(messageWith(id))]);

    // The original GET /webhook shows the primary.
    const legacy = await gw.stack.json('GET', `/api/v1/webhook?sessionId=${SESSION}`, { headers: auth() });
    expect(legacy.body.url).toBe(primary.url);

    const all = primary.delivered();
    expect(all.map((r) => r.body.event)).toContain('session.update');
    expect(messagesOnly.delivered().every((r) => r.body.event === 'message.received')).toBe(true);
    // The primary has every event since it was set: consecutive numbers, strictly increasing.
    const seqs = all.map(seqOf);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const hook of messagesOnly.delivered()) {
      const same = all.find((r) => seqOf(r) === seqOf(hook));
      expect(same?.body.data).toEqual(hook.body.data);
      expect(hook.body.id).not.toBe(same?.body.id); // one id per delivery
      expect(hook.headers['x-webhook-sequence']).toBe(String(seqOf(hook)));
      expect(messagesOnly.verify(hook, messagesOnlySecret)).toBe(true);
      expect(messagesOnly.verify(hook, primarySecret)).toBe(false);
    }
    for (const hook of all) expect(primary.verify(hook, primarySecret)).toBe(true);
  });

  it('a receiver that is down does not hold up the other: it gets every event in order, the down one catches up', async () => {
    messagesOnly.failNext(1_000_000);
    const ids: string[] = [];
    for (const text of ['while down 1', 'while down 2', 'while down 3']) ids.push(await gw.sim.sendFrom(DANI, { text }));
    for (const id of ids) await primary.waitFor(messageWith(id));
    const order = primary.delivered().filter((r) => ids.includes(r.body.data.id));
    expect(order.map((r) => r.body.data.id)).toEqual(ids);
    expect(order.map(seqOf)).toEqual([...order.map(seqOf)].sort((a, b) => a - b));

    // The down receiver is retrying the first of them, and the event log says why.
    while (!messagesOnly.received.some((r) => r.answered === 500 && r.body.data.id === ids[0])) await new Promise((r) => setTimeout(r, 50));
    const log = await gw.stack.json('GET', `/api/v1/webhook/events?sessionId=${SESSION}&webhookId=${messagesOnlyId}&status=pending`, { headers: auth() });
    expect(log.status).toBe(200);
    expect(log.body.events.length).toBeGreaterThanOrEqual(1);
    expect(log.body.events.every((e: { webhookId: number }) => e.webhookId === messagesOnlyId)).toBe(true);
    expect(log.body.events.at(-1)).toMatchObject({ lastError: 'HTTP 500', payload: { data: { id: ids[0] } } });

    messagesOnly.failNext(0);
    for (const id of ids) await messagesOnly.waitFor(messageWith(id), 60_000);
    const caughtUp = messagesOnly.delivered().filter((r) => ids.includes(r.body.data.id));
    expect(caughtUp.map((r) => r.body.data.id)).toEqual(ids);
  });

  it('the live stream gets a message.received from the simulator, and resumes after Last-Event-ID', async () => {
    const open = async (headers: Record<string, string> = {}) => {
      const res = await gw.stack.fetch(`/api/v1/sessions/${SESSION}/events/stream`, { headers: { ...auth(), ...headers } });
      expect(res.status).toBe(200);
      return sseReader(res);
    };
    const until = async (events: ReturnType<typeof sseReader>, wanted: string) => {
      const seen: SseEvent[] = [];
      for (;;) {
        const next = await events.next();
        if (!next) throw new Error(`stream ended before ${wanted}`);
        seen.push(next);
        if (next.event === 'message.received' && JSON.parse(next.data!).data.id === wanted) return seen;
      }
    };

    const live = await open();
    const first = await gw.sim.sendFrom(DANI, { text: 'on the stream' });
    const seen = await until(live, first);
    const hit = seen.at(-1)!;
    expect(JSON.parse(hit.data!)).toMatchObject({ event: 'message.received', sessionId: SESSION, data: { text: 'on the stream' }, seq: Number(hit.id) });
    await live.cancel();

    // Missed while disconnected: stored, so the resumed stream replays it first, then what follows.
    const missed = await gw.sim.sendFrom(DANI, { text: 'while away' });
    await primary.waitFor(messageWith(missed));
    const resumed = await open({ 'last-event-id': hit.id! });
    const replay = await until(resumed, missed);
    await resumed.cancel();
    expect(replay.map((e) => Number(e.id))).toEqual(replay.map((_, i) => Number(hit.id) + 1 + i));
    const missedSeq = seqOf(await primary.waitFor(messageWith(missed)));
    expect(Number(replay.at(-1)!.id)).toBe(missedSeq);
  });

  it('another session token cannot list, add, or stream this session (403)', async () => {
    const other = await gw.stack.createSession('routing-other');
    const headers = { authorization: `Bearer ${other}` };
    expect((await gw.stack.json('GET', `/api/v1/sessions/${SESSION}/webhooks`, { headers })).status).toBe(403);
    expect((await gw.stack.json('POST', `/api/v1/sessions/${SESSION}/webhooks`, { body: { url: 'http://127.0.0.1:9/' }, headers })).status).toBe(403);
    expect((await gw.stack.fetch(`/api/v1/sessions/${SESSION}/events/stream`, { headers })).status).toBe(403);
    const list = await gw.stack.json('GET', `/api/v1/sessions/${SESSION}/webhooks`, { headers: auth() });
    expect(list.body.webhooks.map((w: { url: string }) => w.url)).toEqual([primary.url, messagesOnly.url]);
  });
});

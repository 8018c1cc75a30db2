// The send governor end to end, on the simulator, with the sessions' clock under the test's control
// (set to days in the past, so events the host dates with it are due for the real-time webhook
// dispatcher at once): caps, quiet hours across midnight in a time zone, warm-up, the first-contact
// cap, and the auto-pause when WhatsApp refuses sends, each proved by what the contacts decrypted,
// GET /governor, message rows and webhooks.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../shared/src/db/schema.js';
import { movableClock, startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { bearer, createCampaign, waitForCampaign } from './campaigns/helpers.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const time = movableClock();
const { now: clock, set: setNow } = time;

beforeAll(async () => {
  gw = await startGateway({}, {}, { clock });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

/** A connected session of the test's own, its webhook on the receiver, and helpers around it. */
async function governed(sessionId: string, phone: string, contacts: string[]) {
  for (const c of contacts) gw.sim.addContact(c, { name: `Contact ${c.slice(-3)}` });
  const { token } = await gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: contacts[0]! });
  const headers = bearer(token);
  const send = async (to: string, body: string): Promise<string> => {
    const res = await gw.stack.json('POST', `/api/v1/messages?sessionId=${sessionId}`, {
      body: { recipient_type: 'individual', to, type: 'text', text: { body } },
      headers,
    });
    expect(res.body[0]?.status, JSON.stringify(res.body)).toBe('success');
    return res.body[0].messageId as string;
  };
  const governor = async () => {
    const res = await gw.stack.json('GET', `/api/v1/sessions/${sessionId}/governor`, { headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const put = async (body: Record<string, unknown>) => {
    const res = await gw.stack.json('PUT', `/api/v1/sessions/${sessionId}/governor`, { body, headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const message = async (id: string) => {
    const res = await gw.stack.json('GET', `/api/v1/messages?sessionId=${sessionId}&limit=100`, { headers });
    return (res.body.messages as { id: string; status: string; error: string | null }[]).find((m) => m.id === id);
  };
  /** Polls GET /messages until the message is held back by the governor. */
  const waitHeld = async (id: string, reason: RegExp) => {
    await expect.poll(async () => (await message(id))?.error ?? '', { timeout: 20_000, interval: 100 }).toMatch(reason);
    expect((await message(id))?.status).toBe('queued');
  };
  /** Polls GET /messages until WhatsApp took the message (its send time is then written). */
  const waitTaken = async (id: string) =>
    expect.poll(async () => (await message(id))?.status, { timeout: 20_000, interval: 100 }).toMatch(/^(sent|delivered|read)$/);
  return { token, headers, send, governor, put, waitHeld, waitTaken, message };
}

/** How many times each contact decrypted a message with this text. */
const copies = (to: string, text: string) => gw.sim.sent(to).filter((m) => m.text === text).length;
const waitSent = (to: string, text: string) => gw.sim.waitForSent(to, { pred: (m) => m.text === text });

describe('send governor', () => {
  it('daily cap: the rest wait until midnight in the session zone, the counts survive a host restart, then each goes once', async () => {
    const [a, b] = ['6281700000001', '6281700000002'];
    setNow('2026-11-02T03:00:00Z'); // 10:00 in Jakarta
    const s = await governed('gov-daily', '6280000000701', [a, b]);
    await s.put({ dailyCap: 2, timeZone: 'Asia/Jakarta' });
    await s.send(a, 'cap 1');
    await s.send(b, 'cap 2');
    const third = await s.send(a, 'cap 3');
    const fourth = await s.send(b, 'cap 4');
    await waitSent(a, 'cap 1');
    await waitSent(b, 'cap 2');
    await s.waitHeld(third, /^Waiting: The daily cap of 2 messages is reached/);
    await s.waitHeld(fourth, /^Waiting: The daily cap of 2 messages is reached/);
    expect(await s.governor()).toMatchObject({
      limits: { dailyCap: 2 },
      counts: { today: 2 },
      hold: { kind: 'daily_cap', until: '2026-11-02T17:00:00.000Z' },
      nextSendAt: '2026-11-02T17:00:00.000Z',
    });

    await gw.stack.restartHost();
    await gw.waitForSession('gov-daily', (x) => x.status === 'CONNECTED');
    expect(await s.governor()).toMatchObject({ counts: { today: 2 }, hold: { kind: 'daily_cap' } });
    expect(copies(a, 'cap 3') + copies(b, 'cap 4')).toBe(0);

    setNow('2026-11-02T17:00:05Z'); // 00:00:05 the next day in Jakarta
    await waitSent(a, 'cap 3');
    await waitSent(b, 'cap 4');
    await expect.poll(async () => (await s.message(third))?.error, { timeout: 10_000 }).toBeNull();
    // The new day has its own count: the two held messages filled its cap of 2 again.
    expect(await s.governor()).toMatchObject({ counts: { today: 2 }, hold: { kind: 'daily_cap', until: '2026-11-03T17:00:00.000Z' } });
    expect([copies(a, 'cap 1'), copies(b, 'cap 2'), copies(a, 'cap 3'), copies(b, 'cap 4')]).toEqual([1, 1, 1, 1]);
  });

  it('hourly cap in a half-hour zone (Asia/Kolkata): the second message waits for the next local clock hour', async () => {
    const [a] = ['6281700000071'];
    setNow('2026-11-03T05:29:00Z'); // 10:59 in Kolkata
    const s = await governed('gov-hourly', '6280000000708', [a]);
    await s.put({ hourlyCap: 1, timeZone: 'Asia/Kolkata' });
    await s.waitTaken(await s.send(a, 'hour 1'));
    const next = await s.send(a, 'hour 2');
    await s.waitHeld(next, /^Waiting: The hourly cap of 1 messages is reached/);
    expect(await s.governor()).toMatchObject({ counts: { thisHour: 1 }, hold: { kind: 'hourly_cap', until: '2026-11-03T05:30:00.000Z' } });
    setNow('2026-11-03T05:30:01Z'); // 11:00:01 in Kolkata
    await waitSent(a, 'hour 2');
    expect(copies(a, 'hour 2')).toBe(1);
  });

  it('quiet hours 22:00-07:00 in Asia/Jakarta: a message at 23:30 and a campaign wait past midnight until 07:00, then go', async () => {
    const [a, b] = ['6281700000011', '6281700000012'];
    setNow('2026-11-05T16:30:00Z'); // 23:30 in Jakarta, still the 5th there; 16:30 in UTC
    const s = await governed('gov-quiet', '6280000000702', [a, b]);
    await s.put({ quietHours: '22:00-07:00', timeZone: 'Asia/Jakarta' });
    const late = await s.send(a, 'good night');
    await s.waitHeld(late, /^Waiting: Quiet hours \(22:00-07:00, Asia\/Jakarta\): sending resumes at 07:00\./);
    expect(await s.governor()).toMatchObject({
      quietHours: { active: true, window: '22:00-07:00', timeZone: 'Asia/Jakarta', endsAt: '2026-11-06T00:00:00.000Z' },
      hold: { kind: 'quiet_hours', until: '2026-11-06T00:00:00.000Z' },
    });
    const id = await createCampaign(gw.stack, s.token, {
      sessionId: 'gov-quiet',
      name: 'Morning news',
      message: { type: 'text', content: 'Good morning' },
      recipients: [{ number: b }],
      settings: { delayBetweenMessages: 0 },
    });
    await gw.stack.json('POST', `/api/v1/campaigns/${id}/start`, { headers: s.headers });
    const held = await waitForCampaign(gw.stack, s.token, id, (c) => c.statusDetail?.startsWith('Send governor: Quiet hours') ?? false);
    expect(held.status).toBe('running');
    await receiver.waitFor((r) => r.body.event === 'campaign.progress' && r.body.data.id === id && /Quiet hours/.test(r.body.data.statusDetail ?? ''));

    setNow('2026-11-05T23:59:00Z'); // 06:59 the next day in Jakarta: past midnight, still quiet
    await expect.poll(async () => (await s.governor()).hold?.kind, { timeout: 10_000 }).toBe('quiet_hours');
    expect((await s.message(late))?.status).toBe('queued');

    setNow('2026-11-06T00:00:01Z'); // 07:00:01 in Jakarta
    await waitSent(a, 'good night');
    await waitSent(b, 'Good morning');
    const done = await waitForCampaign(gw.stack, s.token, id, (c) => c.status === 'completed');
    expect(done.statusDetail).toBe('1 sent, 0 failed.');
    expect((await s.governor()).quietHours.active).toBe(false);
    expect([copies(a, 'good night'), copies(b, 'Good morning')]).toEqual([1, 1]);
  });

  it('warm-up: a number linked yesterday gets day 2 of the schedule as its daily cap; the day after, no warm-up cap', async () => {
    const [a] = ['6281700000021'];
    setNow('2026-11-10T08:00:00Z');
    const s = await governed('gov-warm', '6280000000703', [a]);
    const linked = await gw.stack.host.db.select({ linkedAt: sessions.linkedAt }).from(sessions).where(eq(sessions.id, 'gov-warm'));
    expect(linked[0]?.linkedAt, 'linking records the day warm-up counts from').not.toBeNull();
    await gw.stack.host.db
      .update(sessions)
      .set({ linkedAt: Date.parse('2026-11-09T20:00:00Z') })
      .where(eq(sessions.id, 'gov-warm'));
    await s.put({ warmup: [1, 2, 5], timeZone: 'UTC' });
    expect((await s.governor()).limits).toEqual({ dailyCap: 2, hourlyCap: null, firstContactDailyCap: null, warmupDay: 2 });
    await s.send(a, 'warm 1');
    await s.send(a, 'warm 2');
    const third = await s.send(a, 'warm 3');
    await waitSent(a, 'warm 2');
    await s.waitHeld(third, /^Waiting: The warm-up day 2 cap of 2 messages is reached/);

    setNow('2026-11-11T00:00:01Z'); // day 3: cap 5
    await waitSent(a, 'warm 3');
    expect((await s.governor()).limits).toMatchObject({ dailyCap: 5, warmupDay: 3 });
    setNow('2026-11-12T09:00:00Z'); // day 4: past the schedule
    await expect.poll(async () => (await s.governor()).limits, { timeout: 10_000 }).toMatchObject({ dailyCap: null, warmupDay: null });
    expect([copies(a, 'warm 1'), copies(a, 'warm 2'), copies(a, 'warm 3')]).toEqual([1, 1, 1]);
  });

  it('first-contact cap: new recipients over the cap wait for the next day while a known one still gets through', async () => {
    const [known, fresh1, fresh2] = ['6281700000031', '6281700000032', '6281700000033'];
    setNow('2026-11-14T09:00:00Z');
    const s = await governed('gov-first', '6280000000704', [known, fresh1, fresh2]);
    await s.waitTaken(await s.send(known, 'we met yesterday'));
    setNow('2026-11-15T09:00:00Z');
    await s.put({ firstContactDailyCap: 1, timeZone: 'UTC' });
    await s.send(fresh1, 'hello new 1');
    const second = await s.send(fresh2, 'hello new 2');
    await s.send(known, 'hello again');
    await waitSent(fresh1, 'hello new 1');
    await waitSent(known, 'hello again');
    await s.waitHeld(second, /^Waiting: The cap of 1 first-contact messages a day is reached/);
    expect(await s.governor()).toMatchObject({ counts: { today: 2, firstContactsToday: 1 }, limits: { firstContactDailyCap: 1 } });

    setNow('2026-11-16T00:00:01Z');
    await waitSent(fresh2, 'hello new 2');
    expect(await s.governor()).toMatchObject({ counts: { today: 1, firstContactsToday: 1 } });
    expect(copies(fresh2, 'hello new 2')).toBe(1);
  });

  it('auto-pause on a failure ratio: 10 sends in a row to numbers not on WhatsApp pause the session; resume lets the next one go', async () => {
    const friend = '6281700000061';
    const strangers = Array.from({ length: 10 }, (_, i) => String(6289700000060 + i));
    for (const n of strangers) gw.sim.refuse(n);
    setNow('2026-11-19T09:00:00Z');
    const s = await governed('gov-ratio', '6280000000707', [friend]);
    await s.put({ pauseFailureRatio: 0.5, pauseRefusals: 0 });
    for (const n of strangers) await s.send(n, 'cold call');
    const paused = await receiver.waitFor(
      (r) => r.body.event === 'session.update' && r.body.sessionId === 'gov-ratio' && r.body.data.governor?.paused === true,
    );
    expect(paused.body.data.governor.reason).toBe('10 of the last 10 sends within 10 min failed.');
    const held = await s.send(friend, 'a real customer');
    await s.waitHeld(held, /^Waiting: Sends are paused: 10 of the last 10 sends/);
    await gw.stack.json('POST', '/api/v1/sessions/gov-ratio/governor/resume', { headers: s.headers });
    await waitSent(friend, 'a real customer');
    expect(copies(friend, 'a real customer')).toBe(1);
  });

  it('composing pacing: "typing…" for a time proportional to the text before it is sent; off by default', async () => {
    const [a, b] = ['6281700000051', '6281700000052'];
    setNow('2026-11-18T09:00:00Z');
    const s = await governed('gov-typing', '6280000000706', [a, b]);
    await s.waitTaken(await s.send(b, 'no typing by default'));
    expect(gw.sim.chatStates(b)).toEqual([]);
    await s.put({ composingMsPerChar: 20 });
    const text = 'Typed slowly, like a person would type it, sixty chars long.';
    expect(text).toHaveLength(60); // 1.2 s of "typing…"
    await s.send(a, text);
    await gw.sim.waitForChatStates(a, { count: 1 });
    const typingSeen = Date.now();
    await waitSent(a, text);
    // the simulator is polled, so "typing…" may be noticed up to a poll late
    expect(Date.now() - typingSeen).toBeGreaterThanOrEqual(900);
    expect((await gw.sim.waitForChatStates(a, { count: 2 })).map((x) => x.state)).toEqual(['composing', 'paused']);
  });

  it('auto-pause: WhatsApp refuses 3 sends → sends and campaigns pause (session.update, campaign.progress), also after a host restart; resume delivers the rest once', async () => {
    const [a, b] = ['6281700000041', '6281700000042'];
    setNow('2026-11-20T09:00:00Z');
    const s = await governed('gov-pause', '6280000000705', [a, b]);
    gw.sim.rejectNext('479', 3, a);
    for (const n of [1, 2, 3]) await s.send(a, `refused ${n}`);
    const paused = await receiver.waitFor(
      (r) => r.body.event === 'session.update' && r.body.sessionId === 'gov-pause' && r.body.data.governor?.paused === true,
    );
    expect(paused.body.data).toMatchObject({
      status: 'CONNECTED',
      governor: { paused: true, reason: 'WhatsApp refused 3 sends within 10 min (error 479: stanza rejected by the server).' },
    });
    const view = await s.governor();
    expect(view).toMatchObject({
      paused: { reason: 'WhatsApp refused 3 sends within 10 min (error 479: stanza rejected by the server).' },
      hold: { kind: 'paused', until: null },
      nextSendAt: null,
    });

    await gw.stack.restartHost();
    await gw.waitForSession('gov-pause', (x) => x.status === 'CONNECTED');
    expect((await s.governor()).paused?.reason, 'the pause survives a host restart').toMatch(/^WhatsApp refused 3 sends/);

    const held = await s.send(a, 'after the pause');
    await s.waitHeld(held, /^Waiting: Sends are paused: WhatsApp refused 3 sends/);
    const id = await createCampaign(gw.stack, s.token, {
      sessionId: 'gov-pause',
      name: 'Paused one',
      message: { type: 'text', content: 'Campaign after pause' },
      recipients: [{ number: b }],
      settings: { delayBetweenMessages: 0 },
    });
    await gw.stack.json('POST', `/api/v1/campaigns/${id}/start`, { headers: s.headers });
    await waitForCampaign(gw.stack, s.token, id, (c) => c.status === 'running' && (c.statusDetail?.startsWith('Send governor: Sends are paused') ?? false));
    await receiver.waitFor((r) => r.body.event === 'campaign.progress' && r.body.data.id === id && /Sends are paused/.test(r.body.data.statusDetail ?? ''));
    expect(copies(a, 'after the pause') + copies(b, 'Campaign after pause')).toBe(0);

    const resumed = await gw.stack.json('POST', '/api/v1/sessions/gov-pause/governor/resume', { headers: s.headers });
    expect(resumed).toMatchObject({ status: 200, body: { status: 'success', message: 'Sends of session gov-pause resumed.' } });
    await receiver.waitFor((r) => r.body.event === 'session.update' && r.body.sessionId === 'gov-pause' && r.body.data.governor?.paused === false);
    await waitSent(a, 'after the pause');
    await waitSent(b, 'Campaign after pause');
    const done = await waitForCampaign(gw.stack, s.token, id, (c) => c.status === 'completed');
    expect(done.statusDetail).toBe('1 sent, 0 failed.');
    expect([copies(a, 'after the pause'), copies(b, 'Campaign after pause')]).toEqual([1, 1]);
    expect((await s.governor()).paused).toBeNull();
    const again = await gw.stack.json('POST', '/api/v1/sessions/gov-pause/governor/resume', { headers: s.headers });
    expect(again.body.message).toBe('Sends of session gov-pause were not paused.');
  });
});

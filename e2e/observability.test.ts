// What an operator watches: /ready on the edge, Prometheus /metrics on the session host (a child
// process, as in production), and the request id that ties an API call to the host's log lines.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLeases } from '../shared/src/db/schema.js';
import { startChildGateway, type ChildGateway } from '../test-support/child-gateway.js';
import { parseExposition, type Samples } from '../test-support/metrics.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-test';
const BUDI = '6281234500001';
const SITI = '6281234500002';
const NOBODY = '6281234500009';

describe('metrics and logs of a working host', () => {
  let gw: ChildGateway;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let token: string;

  const scrape = async (authorization = `Bearer ${METRICS_TOKEN}`) => {
    const res = await fetch(`${gw.hostUrl}/metrics`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  /** Scrapes until `pred` holds (the counters move as the host works), then returns the samples. */
  const scrapeUntil = async (pred: (s: Samples) => boolean): Promise<Samples> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const samples = parseExposition((await scrape()).text);
      if (pred(samples)) return samples;
      if (Date.now() > deadline) throw new Error(`metrics never matched:\n${[...samples].filter(([k]) => k.startsWith('wa_')).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.json('POST', '/api/v1/messages?sessionId=metered', { body, headers: { authorization: `Bearer ${token}`, ...headers } });

  beforeAll(async () => {
    // One message a second: the second and third sends in a row must wait for the governor.
    gw = await startChildGateway({ METRICS_TOKEN, LOG_LEVEL: 'info', SEND_RATE_PER_MINUTE: '60', SEND_JITTER_MS: '0' });
    gw.sim.addContact(BUDI, { name: 'Budi' });
    gw.sim.addContact(SITI, { name: 'Siti' });
    gw.sim.refuse(NOBODY);
    await gw.startHost({ hostId: 'metered-host' });
    receiver = await startWebhookReceiver();
    token = await gw.pairSession('metered', '6280000000077', 'Metered Shop');
    const hook = await gw.json('POST', '/api/v1/webhook', { body: { sessionId: 'metered', url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
    expect(hook.status).toBe(200);
  });
  afterAll(async () => {
    await receiver?.close();
    await gw?.close();
  });

  it('refuses a scrape without the token or with a wrong one (401), and serves Prometheus text with it', async () => {
    expect((await scrape('')).status).toBe(401);
    expect((await scrape('Bearer wrong-token')).status).toBe(401);
    expect((await scrape(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(ok.text);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.get('wa_metrics_database_up')).toBe(1);
    // Memory an operator (or the soak) needs to place a growth of RSS: Buffers, and the embedded
    // database thread's heap (0 here: this host uses the database at LIBSQL_URL).
    expect(samples.get('wa_process_array_buffers_bytes')).toBeGreaterThan(0);
    expect(samples.get('wa_database_thread_heap_used_bytes')).toBe(0);
  });

  it('counts what was sent, failed and received, governor waits, webhook results, and reads queue, backlog and recipients', async () => {
    const before = parseExposition((await scrape()).text);
    expect(before.get('wa_sessions{status="CONNECTED"}')).toBe(1);
    // Pairing ends with WhatsApp's 515 "restart required": one reconnect of that reason.
    expect(before.get('wa_reconnects_total{reason="restartRequired"}')).toBe(1);

    const ids: string[] = [];
    for (const body of [
      { to: BUDI, type: 'text', text: { body: 'one' } },
      { to: SITI, type: 'text', text: { body: 'two' } },
      { to: BUDI, type: 'location', location: { latitude: -6.175392, longitude: 106.827153, name: 'Monas' } },
      { to: NOBODY, type: 'text', text: { body: 'nobody reads this' } },
    ]) {
      const res = await send(body);
      expect(res.status).toBe(200);
      ids.push(res.body[0].messageId);
    }
    await gw.sim.waitForSent(BUDI, { count: 2 });
    await gw.sim.waitForSent(SITI, { count: 1 });

    // The receiver refuses the first delivery of the incoming message's event: one retry.
    receiver.failNext(1);
    const incomingId = await gw.sim.sendFrom(SITI, { text: 'is the shop open?' });
    const received = await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === incomingId);
    const receivedType = received.body.data.type as string;

    const campaign = await gw.json('POST', '/api/v1/campaigns', {
      body: {
        name: 'later',
        sessionId: 'metered',
        scheduledAt: '2099-01-01T00:00:00.000Z',
        message: { type: 'text', content: 'Hi' },
        recipients: [{ number: BUDI }, { number: SITI }],
      },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(campaign.status).toBe(201);

    // Settled: nothing queued, nothing waiting for the receiver, and every delivery it answered 200 counted.
    const after = await scrapeUntil(
      (s) =>
        s.get('wa_messages_failed_total{type="text"}') === 1 &&
        s.get('wa_send_queue_depth') === 0 &&
        s.get('wa_webhook_backlog') === 0 &&
        s.get('wa_webhook_deliveries_total{result="delivered"}') === receiver.delivered().length,
    );
    expect(after.get('wa_messages_sent_total{type="text"}')).toBe(2);
    expect(after.get('wa_messages_sent_total{type="location"}')).toBe(1);
    expect(after.get('wa_messages_failed_total{type="text"}')).toBe(1);
    expect(after.get(`wa_messages_received_total{type="${receivedType}"}`)).toBe(1);
    // Three paced sends in a row at one a second: the second and third waited, about 2 s in all.
    expect(after.get('wa_governor_waits_total')).toBe(2);
    expect(after.get('wa_governor_wait_seconds_total')).toBeGreaterThan(0.5);
    expect(after.get('wa_governor_wait_seconds_total')).toBeLessThanOrEqual(2);
    expect(after.get('wa_webhook_deliveries_total{result="retry"}')).toBe(1);
    expect(after.get('wa_webhook_deliveries_total{result="dead"}') ?? 0).toBe(0);
    expect(after.get('wa_webhook_dead')).toBe(0);
    expect(after.get('wa_send_queue_oldest_age_seconds')).toBe(0);
    expect(after.get('wa_campaign_recipients{status="pending"}')).toBe(2);
    expect(after.get('wa_campaign_recipients{status="sent"}')).toBe(0);
    expect(after.get('wa_lease_takeovers_total')).toBe(0);
  });

  it('counts a dropped connection as a reconnect with its close reason', async () => {
    const total = (s: Samples) => [...s].filter(([k]) => k.startsWith('wa_reconnects_total{')).reduce((sum, [, v]) => sum + v, 0);
    const before = total(parseExposition((await scrape()).text));
    expect(gw.sim.drop('6280000000077')).toBe(1);
    const after = await scrapeUntil((s) => total(s) === before + 1);
    const reasons = [...after].filter(([k, v]) => k.startsWith('wa_reconnects_total{') && v > 0).map(([k]) => k);
    expect(reasons.every((k) => !k.includes('"other"') && !k.includes('"none"'))).toBe(true);
    await gw.waitForSession('metered', (s) => s.status === 'CONNECTED');
  });

  it("returns the caller's X-Request-Id, and the host logs the internal call it caused with the same id", async () => {
    const res = await gw.fetch('/api/v1/messages?sessionId=metered', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'obs-trace-0001' },
      body: JSON.stringify({ to: BUDI, type: 'text', text: { body: 'traced' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('obs-trace-0001');
    const line = await gw.waitForHostLog((l) => l.requestId === 'obs-trace-0001');
    expect(line).toMatchObject({ msg: 'internal call', method: 'POST', path: '/internal/sessions/metered/kick', status: 200, service: 'session-host' });
  });

  it('carries the request id onto what the host logs while it carries the call out (a session it starts)', async () => {
    const res = await gw.json('POST', '/api/v1/sessions', {
      body: { sessionId: 'traced-start' },
      headers: { 'x-master-key': gw.masterKey, 'x-request-id': 'obs-create-0001' },
    });
    expect(res.status).toBe(201);
    const claimed = await gw.waitForHostLog((l) => l.msg === 'session claimed' && l.sessionId === 'traced-start');
    expect(claimed.requestId).toBe('obs-create-0001');
  });
});

/** Asks /ready until it answers `status` (a heartbeat lands, or a TTL runs out), then answers the body. */
async function readyWhen(gw: ChildGateway, status: number) {
  for (;;) {
    const res = await gw.json('GET', '/ready');
    if (res.status === status) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("GET /ready follows the session hosts' heartbeats", () => {
  let gw: ChildGateway;
  beforeAll(async () => {
    gw = await startChildGateway({ LEASE_TTL_MS: '2000' });
  });
  afterAll(async () => gw?.close());

  it('is 503 until a host heartbeats, 200 with a live host and no session, 503 saying why while its heartbeat is stale, 200 again', async () => {
    const down = await gw.json('GET', '/ready');
    expect(down).toMatchObject({
      status: 503,
      body: { failed: ['host'], checks: { database: 'ok', storage: 'ok', host: 'no live session host: none has ever heartbeated' } },
    });
    await gw.startHost({ hostId: 'ready-host' });
    expect(await readyWhen(gw, 200)).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', host: 'ok' } });
    // Ready with no session at all: no lease says the host is there, only its heartbeat.
    expect(await gw.db.select().from(hostLeases)).toEqual([]);

    // Frozen: its process still holds its port, but it no longer heartbeats.
    gw.child!.kill('SIGSTOP');
    try {
      const stale = await readyWhen(gw, 503);
      expect(stale).toMatchObject({ message: 'Not ready: host', failed: ['host'] });
      expect(stale.checks.host).toMatch(/^no live session host: the last heartbeat \(ready-host\) was \d+ s ago$/);
    } finally {
      gw.child!.kill('SIGCONT');
    }
    expect((await readyWhen(gw, 200)).checks.host).toBe('ok');

    await gw.killHost();
    expect((await readyWhen(gw, 503)).checks.host).toMatch(/^no live session host: the last heartbeat \(ready-host\) was \d+ s ago$/);
    await gw.startHost({ hostId: 'ready-host' });
    await readyWhen(gw, 200);
    // Liveness never looked at any of it.
    expect(await gw.json('GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('a lease takeover', () => {
  let gw: ChildGateway;
  beforeAll(async () => {
    gw = await startChildGateway({ LEASE_TTL_MS: '3000', METRICS_TOKEN });
    await gw.startHost({ hostId: 'first-host' });
  });
  afterAll(async () => gw?.close());

  it('is counted by the host that took the session from a dead one', async () => {
    await gw.pairSession('taken', '6280000000078', 'Taken Shop');
    await gw.killHost();
    await gw.startHost({ hostId: 'second-host' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${gw.hostUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const samples = parseExposition(await res.text());
      if (samples.get('wa_lease_takeovers_total') === 1) break;
      if (Date.now() > deadline) throw new Error(`no takeover counted: ${samples.get('wa_lease_takeovers_total')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await gw.waitForSession('taken', (s) => s.status === 'CONNECTED');
  });
});

describe('GET /ready when storage goes away', () => {
  /** A TCP relay between the edge and the real S3 server, to cut and restore the link. */
  let relay: Relay;
  let gw: ChildGateway;

  beforeAll(async () => {
    relay = await startRelay();
    gw = await startChildGateway(
      {},
      {
        edgeBindings: (bindings) => {
          relay.target = new URL(bindings.S3_ENDPOINT!);
          return { ...bindings, S3_ENDPOINT: `http://127.0.0.1:${relay.port}` };
        },
      },
    );
    await gw.startHost();
  });
  afterAll(async () => {
    await gw?.close();
    await relay?.cut();
  });

  it('is 503 naming storage while S3 is unreachable, and 200 when it is back', async () => {
    // The host's first heartbeat.
    await readyWhen(gw, 200);
    await relay.cut();
    const down = await gw.json('GET', '/ready');
    expect(down).toMatchObject({ status: 503, body: { message: 'Not ready: storage', failed: ['storage'], checks: { storage: 'unreachable' } } });
    await relay.restore();
    expect((await gw.json('GET', '/ready')).status).toBe(200);
  });
});

interface Relay {
  port: number;
  target: URL | undefined;
  /** Closes the listening port and every open connection: the edge's S3 calls are refused. */
  cut(): Promise<void>;
  /** Listens on the same port again. */
  restore(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const sockets = new Set<Socket>();
  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(relay.target!.port), relay.target!.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const relay: Relay = {
    port: await listen(0),
    target: undefined,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    restore: async () => {
      await listen(relay.port);
    },
  };
  return relay;
}

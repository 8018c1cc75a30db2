// A session's outbound proxy: set through the API, stored sealed, shown without credentials, and
// the session's WhatsApp connection really goes through it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../shared/src/db/schema.js';
import { startConnectProxy, startSocks5Proxy } from '../test-support/proxies.js';
import { PNG } from '../test-support/fixtures.js';
import { startLinkServer } from '../test-support/link-server.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const ALICE = '6281111111113';
const CREDENTIALS = { username: 'proxyuser', password: 's3cret-Pa55' };
let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
  gw = await startGateway({ RECONNECT_BASE_DELAY_MS: '200', RECONNECT_MAX_DELAY_MS: '2000' });
  receiver = await startWebhookReceiver();
  proxy = await startConnectProxy({ credentials: CREDENTIALS });
  gw.sim.addContact(ALICE, { name: 'Alice' });
});
afterAll(async () => {
  await proxy?.close();
  await receiver?.close();
  await gw?.close();
});

const master = () => ({ 'x-master-key': gw.stack.masterKey });
const patch = (sessionId: string, body: unknown, headers: Record<string, string>) => gw.stack.json('PATCH', `/api/v1/sessions/${sessionId}`, { body, headers });
const simAddress = () => new URL(gw.sim.url).host;

describe('per-session proxy', () => {
  it('set with the master key: sealed in the database, shown as protocol and host only, and the session reconnects through it', async () => {
    const sessionId = 'proxied';
    const { token, sendText } = await gw.ownSession(sessionId, '6280000000801', { webhookUrl: receiver.url, to: ALICE });
    expect(proxy.tunnels.filter((t) => t.target === simAddress())).toHaveLength(0);
    const url = `http://${CREDENTIALS.username}:${CREDENTIALS.password}@${proxy.host}`;
    const set = await patch(sessionId, { proxy: url }, master());
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: 'success', proxy: { set: true, protocol: 'http', host: proxy.host } });
    expect(JSON.stringify(set.body)).not.toContain(CREDENTIALS.password);

    const [row] = await gw.stack.host.db.select({ sealed: sessions.proxySealed }).from(sessions).where(eq(sessions.id, sessionId));
    expect(row!.sealed).toBeTruthy();
    for (const secret of [CREDENTIALS.username, CREDENTIALS.password, proxy.host]) expect(row!.sealed).not.toContain(secret);

    // The PATCH restarted the session (STARTING once it answers): it logs in again through the proxy, credentials and all.
    await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
    const tunnel = proxy.tunnels.find((t) => t.target === simAddress())!;
    expect(tunnel.authorization).toBe(`Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`);
    const before = tunnel.bytesUp;
    const id = await sendText('through the proxy');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    expect(tunnel.bytesUp).toBeGreaterThan(before);

    const shown = await gw.stack.json('GET', `/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(shown.body.proxy).toEqual({ set: true, protocol: 'http', host: proxy.host });
    const listed = await gw.stack.json('GET', '/api/v1/sessions', { headers: master() });
    expect(JSON.stringify(listed.body)).not.toContain(CREDENTIALS.password);

    // Back to direct: the next connection bypasses the proxy.
    const tunnelsBefore = proxy.tunnels.length;
    const cleared = await patch(sessionId, { proxy: null }, master());
    expect(cleared.body.proxy).toBeNull();
    await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
    const direct = await sendText('direct again');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === direct });
    expect(proxy.tunnels).toHaveLength(tunnelsBefore);
  });

  it("media go through the session's proxy too: the image link is fetched and the upload to WhatsApp sent through it", async () => {
    const sessionId = 'proxied-media';
    const { token } = await gw.ownSession(sessionId, '6280000000803', { webhookUrl: receiver.url, to: ALICE });
    await patch(sessionId, { proxy: `http://${CREDENTIALS.username}:${CREDENTIALS.password}@${proxy.host}` }, master());
    await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
    const links = await startLinkServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    try {
      const res = await gw.stack.json('POST', `/api/v1/messages?sessionId=${sessionId}`, {
        body: { recipient_type: 'individual', to: ALICE, type: 'image', image: { link: `${links.base}/photo.png`, caption: 'via proxy' } },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const [got] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body[0].messageId });
      expect(got!.bytes!.equals(PNG)).toBe(true);
      const targets = proxy.tunnels.map((t) => t.target);
      expect(targets).toContain(new URL(links.base).host);
      expect(targets).toContain(gw.sim.mediaHost);
    } finally {
      links.close();
    }
  });

  it("a contact's image is downloaded from WhatsApp through the session's proxy and stored", async () => {
    const sessionId = 'proxied-incoming';
    const phone = '6280000000805';
    const own = await startConnectProxy();
    try {
      await gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: ALICE });
      await patch(sessionId, { proxy: `http://${own.host}` }, master());
      await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
      expect(own.tunnels.map((t) => t.target)).not.toContain(gw.sim.mediaHost);
      const id = await gw.sim.sendFrom(ALICE, { image: { bytes: PNG, caption: 'for you' } }, { to: phone });
      const event = await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === id);
      const media = await gw.stack.fetch(`/api/v1/media/${event.body.data.media.mediaId}`);
      expect(Buffer.from(await media.arrayBuffer()).equals(PNG)).toBe(true);
      expect(own.tunnels.map((t) => t.target)).toContain(gw.sim.mediaHost);
    } finally {
      await own.close();
    }
  });

  it('a SOCKS5 proxy with username and password carries the session the same way', async () => {
    const sessionId = 'socks';
    const socks = await startSocks5Proxy({ credentials: CREDENTIALS });
    try {
      const { sendText } = await gw.ownSession(sessionId, '6280000000804', { webhookUrl: receiver.url, to: ALICE });
      const set = await patch(sessionId, { proxy: `socks5://${CREDENTIALS.username}:${CREDENTIALS.password}@${socks.host}` }, master());
      expect(set.body.proxy).toEqual({ set: true, protocol: 'socks5', host: socks.host });
      await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
      const tunnel = socks.tunnels.find((t) => t.target === simAddress());
      expect(tunnel?.authorization).toBe(`${CREDENTIALS.username}:${CREDENTIALS.password}`);
      const before = tunnel!.bytesUp;
      const id = await sendText('through SOCKS5');
      await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
      expect(tunnel!.bytesUp).toBeGreaterThan(before);
    } finally {
      await socks.close();
    }
  });

  it('a proxy that refuses the credentials: the session says why and keeps retrying, never a QR; right credentials connect', async () => {
    const sessionId = 'proxy-denied';
    const { token } = await gw.ownSession(sessionId, '6280000000802', { webhookUrl: receiver.url, to: ALICE });
    expect((await patch(sessionId, { proxy: `http://nobody:wrong@${proxy.host}` }, master())).status).toBe(200);
    const down = await receiver.waitFor((r) => r.body.sessionId === sessionId && r.body.data.status === 'DISCONNECTED' && Boolean(r.body.data.nextAttemptAt));
    expect(down.body.data.detail).toContain('Connection closed (408: the proxy refused its credentials (HTTP 407)). Reconnecting: attempt');
    // Retried, not given up: a later attempt is refused the same way.
    const later = async () => (await gw.stack.json('GET', `/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } })).body;
    let shown = await later();
    while (!/attempt [2-9]/.test(shown.detail)) shown = await later();
    expect(shown).toMatchObject({ status: 'DISCONNECTED', detail: expect.stringContaining('the proxy refused its credentials (HTTP 407)') });
    // With the right credentials the next start connects through it.
    await patch(sessionId, { proxy: `http://${CREDENTIALS.username}:${CREDENTIALS.password}@${proxy.host}` }, master());
    await receiver.waitFor(
      () =>
        receiver
          .delivered()
          .filter((r) => r.body.sessionId === sessionId)
          .at(-1)?.body.data.status === 'CONNECTED',
    );
    expect(
      receiver
        .delivered()
        .filter((r) => r.body.sessionId === sessionId)
        .map((r) => r.body.data.status),
    ).not.toContain('QR');
  });

  it.each([
    ['ftp://proxy.example:21', 'must start with http://, https://, socks5:// or socks5h://'],
    ['proxy.example:3128', 'must start with http://, https://, socks5:// or socks5h://'],
    ['http://proxy.example:3128/path', 'must be only scheme, credentials, host and port'],
    ['not a url', 'must be an absolute URL'],
    [42, 'proxy must be a URL'],
  ])('a bad proxy %j is a 400 naming the field', async (bad, words) => {
    const res = await patch('proxied-bad', { proxy: bad }, master());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', details: [expect.objectContaining({ path: 'proxy' })] });
    expect(res.body.message).toContain(words);
  });

  it("only the master key or an admin sets a proxy; the session's own token gets 403 and nothing changes", async () => {
    const sessionId = 'proxy-token';
    const token = await gw.stack.createSession(sessionId);
    const res = await patch(sessionId, { proxy: `http://${proxy.host}` }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('proxy can be set only with the master API key or as an admin');
    const [row] = await gw.stack.host.db.select({ sealed: sessions.proxySealed }).from(sessions).where(eq(sessions.id, sessionId));
    expect(row!.sealed).toBeNull();
  });
});

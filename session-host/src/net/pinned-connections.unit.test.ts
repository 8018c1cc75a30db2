import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PinnedConnections } from './pinned-connections.js';
import { safeFetch } from './safe-fetch.js';

const servers: Server[] = [];
const pools: PinnedConnections[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A receiver counting the connections it accepted; `dropSecond` drops a kept connection on its
 * second request without answering, as a receiver closing idle connections may. */
async function receiver(options: { dropSecond?: boolean } = {}) {
  const state = { connections: 0, requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const onSocket = ((req.socket as { served?: number }).served ?? 0) + 1;
    (req.socket as { served?: number }).served = onSocket;
    req.resume();
    req.on('end', () => {
      if (options.dropSecond && onSocket === 2) return req.socket.destroy();
      res.writeHead(200).end('ok');
    });
  });
  server.on('connection', () => state.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, state };
}

const post = (url: string, connections?: PinnedConnections) =>
  safeFetch(url, { method: 'POST', body: '{}', allowPrivateNetwork: true, maxRedirects: 0, connections });

const pool = (...args: ConstructorParameters<typeof PinnedConnections>) => {
  const p = new PinnedConnections(...args);
  pools.push(p);
  return p;
};

describe('PinnedConnections', () => {
  it('requests to one receiver share one connection; without it each opens its own', async () => {
    const kept = await receiver();
    const connections = pool();
    for (let i = 0; i < 3; i++) expect((await post(kept.url, connections)).status).toBe(200);
    expect(kept.state).toEqual({ connections: 1, requests: 3 });

    const fresh = await receiver();
    for (let i = 0; i < 3; i++) expect((await post(fresh.url)).status).toBe(200);
    expect(fresh.state).toEqual({ connections: 3, requests: 3 });
  });

  it('a kept connection the receiver dropped is replaced: the request goes again on a new one', async () => {
    const dropping = await receiver({ dropSecond: true });
    const connections = pool();
    expect((await post(dropping.url, connections)).status).toBe(200);
    expect((await post(dropping.url, connections)).status).toBe(200);
    expect(dropping.state).toEqual({ connections: 2, requests: 3 });
  });

  it('one pool per origin and vetted address, the least recently used closed past the limit', () => {
    const connections = pool(2);
    const url = new URL('https://hooks.example/a');
    const first = connections.agentFor(url, '203.0.113.1');
    expect(connections.agentFor(new URL('https://hooks.example/b'), '203.0.113.1')).toBe(first);
    const other = connections.agentFor(url, '203.0.113.2');
    expect(other).not.toBe(first);
    connections.agentFor(url, '203.0.113.1'); // used again: now the second is the oldest
    connections.agentFor(new URL('https://other.example/'), '203.0.113.3');
    expect(connections.agentFor(url, '203.0.113.1')).toBe(first);
    expect(connections.agentFor(url, '203.0.113.2')).not.toBe(other);
  });
});

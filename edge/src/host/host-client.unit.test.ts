// Kicks from a burst of accepted sends reach the session's owner as one: the owner here is a
// loopback server recording the signed calls it gets (the host's internal API stands outside this
// unit), the lease that names it is a real row in real libSQL.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLeases } from '../../../shared/src/db/schema.js';
import { DB_TOKEN, startDb, type DbFixture } from '../../../session-host/src/webhooks/test-helpers.js';
import { createDb } from '../db/client.js';
import { HostClient } from './host-client.js';

let fx: DbFixture;
let owner: { url: string; calls: string[]; close(): void };
beforeAll(async () => {
  fx = await startDb();
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    calls.push(`${req.method} ${req.url}`);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  owner = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => server.close() };
});
afterAll(async () => {
  owner?.close();
  await fx?.close();
});

describe('HostClient.kick', () => {
  it('a burst of kicks for one session is one call to its owner; a kick after it went out is another', async () => {
    await fx.db.insert(hostLeases).values({ sessionId: 'burst', hostId: 'h1', hostUrl: owner.url, expiresAt: Date.now() + 60_000, heartbeatAt: Date.now() });
    const client = new HostClient(createDb(fx.server.url, DB_TOKEN), 'a-shared-secret-of-32-characters!', owner.url);
    await Promise.all(Array.from({ length: 10 }, () => client.kick('burst')));
    expect(owner.calls).toEqual(['POST /internal/sessions/burst/kick']);
    await client.kick('burst');
    expect(owner.calls).toEqual(['POST /internal/sessions/burst/kick', 'POST /internal/sessions/burst/kick']);
  });
});

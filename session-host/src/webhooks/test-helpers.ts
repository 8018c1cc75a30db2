/** Fixtures for the webhook dispatcher tests (not a test file itself): a real embedded libSQL
 * server on a temp file, and a loopback receiver whose answers a test scripts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createHostDb, runMigrations, type HostDb } from '../db/client.js';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../libsql-http/index.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js';

/** The bearer token of the test database's HTTP endpoint. */
export const DB_TOKEN = 'webhook-test-token';

export interface DbFixture {
  db: HostDb;
  server: LibsqlHttpServer;
  file: string;
  /** Stops the database server (to test outages); `restart` brings it back on the same port. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startDb(): Promise<DbFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'wag-webhooks-'));
  const file = join(dir, 'test.db');
  let server = await startLibsqlHttpServer({ file, authToken: DB_TOKEN });
  const db = createHostDb(server.url, DB_TOKEN);
  await runMigrations(db);
  let running = true;
  const fixture: DbFixture = {
    db,
    get server() {
      return server;
    },
    file,
    async stop() {
      running = false;
      await server.close();
    },
    async restart() {
      server = await startLibsqlHttpServer({ file, authToken: DB_TOKEN, port: server.port });
      running = true;
    },
    async close() {
      db.$client.close();
      if (running) await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  id: string;
  /** The status this request was answered with. */
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides each answer: a status (when it settles, if a promise), or 'hang' to never answer. Default 200. */
  respond: (body: string, index: number) => number | 'hang' | Promise<number>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], respond: () => 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const entry: Received = { headers: req.headers, body, id: String(req.headers['x-webhook-id'] ?? ''), status: 0 };
      const answer = receiver.respond(body, receiver.received.push(entry) - 1);
      if (answer === 'hang') return;
      void Promise.resolve(answer).then((status) => {
        entry.status = status;
        res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

/** A logger that keeps every line, so tests can check what was reported. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** Polls until `check` holds. No deadline of its own: a loaded machine may be slow, and the test's
 * own timeout ends a wait that never comes true (its `what` says which in the log). */
export async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  let polls = 0;
  while (!(await check())) {
    if (++polls % 1000 === 0) console.warn(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A dispatcher that polls and backs off in milliseconds and may reach loopback receivers. */
export function quickDispatcher(db: HostDb, owned: string[], extra: Partial<WebhookDispatcherOptions> = {}): WebhookDispatcher {
  return new WebhookDispatcher({
    db,
    logger: pino({ level: 'silent' }),
    ownedSessions: () => owned,
    fetchOptions: { timeoutMs: 2000, allowPrivateNetwork: true },
    backoff: { baseMs: 20, maxMs: 80 },
    pollIntervalMs: 20,
    ...extra,
  });
}

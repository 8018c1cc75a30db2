/** Shared fixtures for the libsql-http tests (not a test file itself). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client, type Config } from '@libsql/client';
import { startLibsqlHttpServer, type LibsqlHttpServer, type LibsqlHttpServerOptions } from './index.js';

export const TOKEN = 'test-token-0123456789';

export interface Fixture {
  server: LibsqlHttpServer;
  dir: string;
  file: string;
  client(extra?: Partial<Config>): Client;
  /** Raw pipeline POST, for protocol-level checks. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startFixture(opts: Partial<LibsqlHttpServerOptions> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'libsql-http-'));
  // A nested, not yet existing directory: the server must create it.
  const file = join(dir, 'data', 'test.db');
  const server = await startLibsqlHttpServer({ file, authToken: TOKEN, ...opts });
  const clients: Client[] = [];
  return {
    server,
    dir,
    file,
    client(extra = {}) {
      const c = createClient({ url: server.url, authToken: TOKEN, ...extra });
      clients.push(c);
      return c;
    },
    post(body, headers = {}) {
      return fetch(`${server.url}/v2/pipeline`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

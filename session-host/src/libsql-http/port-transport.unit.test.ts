// The host's own database client over the worker thread's port (no HTTP): the same answers as
// HTTP (rows, SQL errors, interactive transactions that the HTTP client of another process sees
// afterwards), and a request after the thread stopped fails at once instead of waiting forever.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { startLibsqlHttpServerInWorker } from './in-worker.js';
import { TOKEN } from './test-helpers.js';

async function inWorker() {
  const dir = mkdtempSync(join(tmpdir(), 'libsql-port-'));
  const server = await startLibsqlHttpServerInWorker({ file: join(dir, 'port.db'), authToken: TOKEN, logLevel: 'silent' });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the embedded database over the worker port', () => {
  it('answers statements, batches and transactions like HTTP, on the same database the HTTP client sees', async () => {
    const { server, close } = await inWorker();
    // A wrong token would be refused over HTTP; the port is this process's own and needs none.
    const overPort = createClient({ url: server.url, fetch: server.fetch });
    const overHttp = createClient({ url: server.url, authToken: TOKEN });
    try {
      await overPort.execute('create table notes (id integer primary key, body text not null)');
      await overPort.batch(
        [
          { sql: 'insert into notes (body) values (?)', args: ['one'] },
          { sql: 'insert into notes (body) values (?)', args: ['two'] },
        ],
        'write',
      );
      const tx = await overPort.transaction('write');
      await tx.execute({ sql: 'insert into notes (body) values (?)', args: ['three'] });
      await tx.commit();
      expect((await overHttp.execute('select body from notes order by id')).rows.map((r) => r.body)).toEqual(['one', 'two', 'three']);
      await expect(overPort.execute({ sql: 'insert into notes (body) values (?)', args: [null] })).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    } finally {
      overPort.close();
      overHttp.close();
      await close();
    }
  });

  it('a request after the database thread stopped is refused with a clear error', async () => {
    const { server, close } = await inWorker();
    const overPort = createClient({ url: server.url, fetch: server.fetch });
    await overPort.execute('select 1');
    await close();
    await expect(overPort.execute('select 1')).rejects.toThrow(/embedded database thread has stopped/);
    overPort.close();
  });

  it("reports its own thread's V8 heap (which the host's memory figures leave out), and still closes after being asked", async () => {
    const { server, close } = await inWorker();
    try {
      const [first, second] = await Promise.all([server.heapUsed(), server.heapUsed()]);
      // A thread running the server has a few MiB of heap; far below the size of the host's own heap.
      expect(first).toBeGreaterThan(1 << 20);
      expect(first).toBeLessThan(256 << 20);
      expect(second).toBeGreaterThan(1 << 20);
    } finally {
      await close();
    }
  });
});

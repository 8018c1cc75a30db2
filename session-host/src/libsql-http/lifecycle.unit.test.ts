import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { sleep, startFixture, TOKEN } from './test-helpers.js';

const exec = (sql: string) => ({ type: 'execute', stmt: { sql } });

describe('lifecycle', () => {
  it('creates the parent directory, and data survives a restart', async () => {
    const fx = await startFixture();
    try {
      expect(existsSync(fx.file)).toBe(true);
      const c = fx.client();
      await c.execute('CREATE TABLE keep (v TEXT)');
      await c.execute("INSERT INTO keep VALUES ('persisted')");
      const { startLibsqlHttpServer } = await import('./index.js');
      await fx.server.close();
      const again = await startLibsqlHttpServer({ file: fx.file, authToken: TOKEN });
      const c2 = createClient({ url: again.url, authToken: TOKEN });
      const rs = await c2.execute('SELECT v FROM keep');
      expect(rs.rows[0]!.v).toBe('persisted');
      c2.close();
      await again.close();
    } finally {
      await fx.close();
    }
  });

  it('a queued request whose client went away is dropped; close-only pipelines never queue', async () => {
    const fx = await startFixture({ streamIdleMs: 5_000 });
    try {
      let r = await fx.post({ baton: null, requests: [exec('BEGIN IMMEDIATE'), exec('CREATE TABLE q (a)')] });
      const { baton } = (await r.json()) as { baton: string };

      // Queued behind the transaction, then aborted by the client.
      const ac = new AbortController();
      const queued = fetch(`${fx.server.url}/v2/pipeline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ baton: null, requests: [exec('INSERT INTO q VALUES (1)')] }),
        signal: ac.signal,
      });
      await sleep(50);
      ac.abort();
      await expect(queued).rejects.toThrow();

      // A stream that only stores SQL and closes does not wait for the transaction (which stays
      // open until the COMMIT below: waiting for it would never answer).
      r = await fx.post({ baton: null, requests: [{ type: 'store_sql', sql_id: 1, sql: 'SELECT 1' }, { type: 'close' }] });
      expect(r.status).toBe(200);

      r = await fx.post({ baton, requests: [exec('COMMIT'), { type: 'close' }] });
      expect(r.status).toBe(200);
      const c = fx.client();
      const rs = await c.execute('SELECT count(*) AS n FROM q');
      expect(rs.rows[0]!.n).toBe(0); // the aborted insert never ran
    } finally {
      await fx.close();
    }
  });

  it('close() rolls back open transactions and fails queued requests instead of hanging', async () => {
    const fx = await startFixture({ streamIdleMs: 60_000 });
    const c = fx.client();
    await c.execute('CREATE TABLE z (a)');
    const tx = await c.transaction('write');
    await tx.execute('INSERT INTO z VALUES (1)');
    const waiting = fx.client().execute('INSERT INTO z VALUES (2)');
    waiting.catch(() => undefined);
    await sleep(50);
    await fx.server.close();
    await expect(waiting).rejects.toThrow();
    tx.close();

    const { startLibsqlHttpServer } = await import('./index.js');
    const again = await startLibsqlHttpServer({ file: fx.file });
    const c2 = createClient({ url: again.url });
    const rs = await c2.execute('SELECT count(*) AS n FROM z');
    expect(rs.rows[0]!.n).toBe(0);
    c2.close();
    await again.close();
    await fx.close();
  });

  it('refuses to bind a non-loopback address', async () => {
    const { startLibsqlHttpServer } = await import('./index.js');
    await expect(startLibsqlHttpServer({ file: ':memory:', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

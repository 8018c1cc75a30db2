import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { sleep, startFixture, type Fixture } from './test-helpers.js';

let fx: Fixture;
let c: Client;
const IDLE_MS = 300;

beforeAll(async () => {
  fx = await startFixture({ streamIdleMs: IDLE_MS });
  c = fx.client();
  await c.execute('CREATE TABLE acct (id INTEGER PRIMARY KEY, bal INTEGER NOT NULL)');
  await c.execute('CREATE TABLE log (msg TEXT NOT NULL)');
});
afterAll(async () => {
  await fx.close();
});

async function count(table: string): Promise<number> {
  const rs = await c.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(rs.rows[0]!.n);
}

describe('batches and transactions', () => {
  it('batch() commits all statements', async () => {
    const rs = await c.batch(
      [
        { sql: 'INSERT INTO acct (id, bal) VALUES (?, ?)', args: [1n, 100n] },
        { sql: 'INSERT INTO acct (id, bal) VALUES (?, ?)', args: [2n, 100n] },
        'SELECT sum(bal) AS s FROM acct WHERE id IN (1, 2)',
      ],
      'write',
    );
    expect(rs).toHaveLength(3);
    expect(rs[2]!.rows[0]!.s).toBe(200);
  });

  it('batch() is atomic: a failing statement rolls back the earlier ones', async () => {
    const before = await count('log');
    await expect(c.batch(["INSERT INTO log VALUES ('a')", "INSERT INTO log VALUES ('b')", 'INSERT INTO log VALUES (NULL)'], 'write')).rejects.toThrow(
      /NOT NULL/,
    );
    expect(await count('log')).toBe(before);
    // and the connection is not left inside a transaction
    await c.execute("INSERT INTO log VALUES ('after')");
    expect(await count('log')).toBe(before + 1);
  });

  it('interactive transaction: commit and rollback', async () => {
    const before = await count('log');
    const tx = await c.transaction('write');
    await tx.execute("INSERT INTO log VALUES ('tx1')");
    const inside = await tx.execute('SELECT count(*) AS n FROM log');
    expect(inside.rows[0]!.n).toBe(before + 1);
    await tx.commit();
    expect(await count('log')).toBe(before + 1);

    const tx2 = await c.transaction('write');
    await tx2.execute("INSERT INTO log VALUES ('tx2')");
    await tx2.rollback();
    expect(await count('log')).toBe(before + 1);
  });

  it('read transaction is enforced read-only and does not leak query_only', async () => {
    const tx = await c.transaction('read');
    await expect(tx.execute("INSERT INTO log VALUES ('ro')")).rejects.toThrow(/readonly|read-only|query_only/i);
    await tx.rollback();
    await c.execute("INSERT INTO log VALUES ('rw again')");
  });

  it('concurrent transactions serialise: no lost updates, no deadlock', async () => {
    // Its own account row, whatever ran before.
    await c.execute('INSERT INTO acct (id, bal) VALUES (10, 0)');
    const clientA = fx.client();
    const clientB = fx.client();
    const increment = async (client: Client, times: number): Promise<void> => {
      for (let i = 0; i < times; i++) {
        const tx = await client.transaction('write');
        const rs = await tx.execute('SELECT bal FROM acct WHERE id = 10');
        const bal = Number(rs.rows[0]!.bal);
        await sleep(1); // widen the read-modify-write window
        await tx.execute({ sql: 'UPDATE acct SET bal = ? WHERE id = 10', args: [BigInt(bal + 1)] });
        await tx.commit();
      }
    };
    // Deferred transactions too: the reader must not interleave with another stream's transaction.
    const deferred = async (client: Client, times: number): Promise<void> => {
      for (let i = 0; i < times; i++) {
        const tx = await client.transaction('deferred');
        const rs = await tx.execute('SELECT bal FROM acct WHERE id = 10');
        await tx.execute({ sql: 'UPDATE acct SET bal = ? WHERE id = 10', args: [BigInt(Number(rs.rows[0]!.bal) + 1)] });
        await tx.commit();
      }
    };
    const plain = async (client: Client, times: number): Promise<void> => {
      for (let i = 0; i < times; i++) await client.execute('UPDATE acct SET bal = bal + 1 WHERE id = 10');
    };
    await Promise.all([increment(clientA, 15), increment(clientB, 15), deferred(c, 10), plain(fx.client(), 10)]);
    const rs = await c.execute('SELECT bal FROM acct WHERE id = 10');
    expect(rs.rows[0]!.bal).toBe(50);
  });

  it('an idle transaction expires: rolled back, lock released, client gets an error', async () => {
    const before = await count('log');
    const tx = await c.transaction('write');
    await tx.execute("INSERT INTO log VALUES ('abandoned')");
    // Another writer queues behind the open transaction and proceeds once it expires.
    const t0 = Date.now();
    await c.execute("INSERT INTO log VALUES ('other writer')");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(IDLE_MS - 50);
    await sleep(50);
    const err = await tx.execute('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message) + String((err as { code?: string }).code)).toMatch(/STREAM_EXPIRED|expired/i);
    tx.close();
    expect(await count('log')).toBe(before + 1); // only the other writer's row
  });

  it('stored SQL (sql_id) is used by batch() for repeated statements', async () => {
    const before = await count('log');
    const stmts = Array.from({ length: 5 }, (_, i) => ({ sql: 'INSERT INTO log VALUES (?)', args: [`s${i}`] }));
    await c.batch(stmts, 'write');
    expect(await count('log')).toBe(before + 5);
  });
});

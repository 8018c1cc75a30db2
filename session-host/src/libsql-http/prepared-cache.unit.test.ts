// The connection keeps prepared statements by SQL text (connection.ts): a kept statement must
// behave like a fresh one after errors and schema changes, and must not hold the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { startFixture, type Fixture } from './test-helpers.js';

let fx: Fixture;
let c: Client;

beforeAll(async () => {
  fx = await startFixture();
  c = fx.client();
});
afterAll(async () => {
  await fx.close();
});

describe('prepared statements kept by SQL text', () => {
  it('the same insert runs again after it failed on a constraint', async () => {
    await c.execute('CREATE TABLE kept_unique (k TEXT PRIMARY KEY)');
    const insert = 'INSERT INTO kept_unique (k) VALUES (?)';
    await c.execute({ sql: insert, args: ['a'] });
    await expect(c.execute({ sql: insert, args: ['a'] })).rejects.toThrow(/UNIQUE/);
    const rs = await c.execute({ sql: insert, args: ['b'] });
    expect(rs.rowsAffected).toBe(1);
    expect((await c.execute('SELECT k FROM kept_unique ORDER BY k')).rows.map((r) => r.k)).toEqual(['a', 'b']);
  });

  it('a table read by a kept statement can be dropped and made anew with other columns', async () => {
    await c.execute('CREATE TABLE kept_shape (a INTEGER)');
    await c.execute('INSERT INTO kept_shape VALUES (1)');
    const select = 'SELECT * FROM kept_shape';
    expect((await c.execute(select)).rows).toHaveLength(1);
    expect((await c.execute(select)).rows).toHaveLength(1);
    await c.execute('DROP TABLE kept_shape');
    await c.execute('CREATE TABLE kept_shape (x TEXT, y TEXT)');
    await c.execute("INSERT INTO kept_shape VALUES ('p', 'q')");
    const rs = await c.execute(select);
    expect(rs.columns).toEqual(['x', 'y']);
    expect(rs.rows.map((r) => [r.x, r.y])).toEqual([['p', 'q']]);
  });

  it('more distinct statements than the cache holds all still run', async () => {
    await c.execute('CREATE TABLE kept_many (n INTEGER)');
    for (let i = 0; i < 300; i++) await c.execute(`INSERT INTO kept_many (n) VALUES (${i})`);
    for (let i = 0; i < 300; i += 50) await c.execute(`INSERT INTO kept_many (n) VALUES (${i})`);
    expect(Number((await c.execute('SELECT count(*) AS n FROM kept_many')).rows[0]!.n)).toBe(306);
  });
});

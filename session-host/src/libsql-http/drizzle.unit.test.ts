import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createWebClient } from '@libsql/client/web';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { drizzle as drizzleWeb } from 'drizzle-orm/libsql/web';
import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { startFixture, TOKEN, type Fixture } from './test-helpers.js';

const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  data: blob('data', { mode: 'buffer' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }),
});

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
  await drizzle(fx.client()).run(sql`CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    data BLOB,
    created_at INTEGER
  )`);
});
afterAll(async () => {
  await fx.close();
});

describe('drizzle-orm over the HTTP server', () => {
  it('create table, insert, select, update, transaction (drizzle-orm/libsql)', async () => {
    // Default intMode 'number' (64-bit integers are covered in values.test.ts; with intMode 'bigint'
    // drizzle's timestamp columns throw, with 'number' the client throws on integers above 2^53).
    const db = drizzle(fx.client());
    const now = new Date(1_700_000_000_123);
    const inserted = await db
      .insert(users)
      .values({ name: 'ada', data: Buffer.from([9, 8, 7]), createdAt: now })
      .returning();
    expect(inserted[0]!.id).toBeGreaterThan(0);
    const rows = await db.select().from(users).where(eq(users.name, 'ada'));
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.data as Buffer)).toEqual(Buffer.from([9, 8, 7]));
    expect(rows[0]!.createdAt?.getTime()).toBe(now.getTime());

    await db.transaction(async (tx) => {
      await tx.insert(users).values({ name: 'bob' });
      await tx.update(users).set({ name: 'ada lovelace' }).where(eq(users.name, 'ada'));
    });
    expect((await db.select({ n: sql<number>`count(*)` }).from(users))[0]!.n).toBe(2);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(users).values({ name: 'carol' });
        await tx.insert(users).values({ name: 'bob' }); // UNIQUE violation -> rollback
      }),
    ).rejects.toThrow();
    const names = (await db.select({ name: users.name }).from(users).orderBy(users.id)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['ada lovelace', 'bob']));
    expect(names).not.toContain('carol');

    // Nested transaction = savepoint; rolling the inner one back keeps the outer work.
    await db.transaction(async (tx) => {
      await tx.insert(users).values({ name: 'dave' });
      await tx
        .transaction(async (inner) => {
          await inner.insert(users).values({ name: 'eve' });
          throw new Error('inner abort');
        })
        .catch(() => undefined);
    });
    const after = (await db.select({ name: users.name }).from(users).orderBy(users.id)).map((r) => r.name);
    expect(after).toContain('dave');
    expect(after).not.toContain('eve');
  });

  it('works with the web client (as the edge uses it) including db.batch', async () => {
    const client = createWebClient({ url: fx.server.url, authToken: TOKEN });
    try {
      const db = drizzleWeb(client);
      const [ins, sel] = await db.batch([
        db.insert(users).values({ name: 'frank' }).returning({ id: users.id }),
        db.select({ name: users.name }).from(users).where(eq(users.name, 'frank')),
      ]);
      expect(ins[0]!.id).toBeGreaterThan(0);
      expect(sel).toEqual([{ name: 'frank' }]);
      await db.transaction(async (tx) => {
        await tx.delete(users).where(eq(users.name, 'frank'));
      });
      expect(await db.select().from(users).where(eq(users.name, 'frank'))).toEqual([]);
    } finally {
      client.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibsqlError } from '@libsql/client';
import { startFixture, type Fixture } from './test-helpers.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.close();
});

describe('values and statements', () => {
  it('round-trips typed values (bigint intMode)', async () => {
    const c = fx.client({ intMode: 'bigint' });
    await c.execute('CREATE TABLE vals (i INTEGER, f REAL, t TEXT, b BLOB, n, anyv)');
    const big = 2n ** 53n + 1n;
    const blob = new Uint8Array([0, 1, 2, 250, 255]);
    const text = 'héllo wörld — 日本語 🙂';
    const ins = await c.execute({
      sql: 'INSERT INTO vals VALUES (?, ?, ?, ?, ?, ?)',
      args: [big, 1.25, text, blob, null, -(2n ** 63n)],
    });
    expect(ins.rowsAffected).toBe(1);
    expect(ins.lastInsertRowid).toBe(1n);
    const rs = await c.execute('SELECT i, f, t, b, n, anyv, typeof(i), typeof(f) FROM vals');
    expect(rs.columns).toEqual(['i', 'f', 't', 'b', 'n', 'anyv', 'typeof(i)', 'typeof(f)']);
    expect(rs.columnTypes.slice(0, 4)).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB']);
    const row = rs.rows[0]!;
    expect(row.i).toBe(big);
    expect(row.f).toBe(1.25);
    expect(row.t).toBe(text);
    expect(new Uint8Array(row.b as ArrayBuffer)).toEqual(blob);
    expect(row.n).toBeNull();
    expect(row.anyv).toBe(-(2n ** 63n));
    expect(row['typeof(i)']).toBe('integer');
    expect(row['typeof(f)']).toBe('real');
  });

  it('a JS number binds as REAL, a bigint as INTEGER; rowids beyond 2^53 are exact', async () => {
    const c = fx.client({ intMode: 'bigint' });
    const rs = await c.execute({ sql: 'SELECT typeof(?), typeof(?), ?', args: [3, 3n, 2.5] });
    expect(rs.rows[0]![0]).toBe('real');
    expect(rs.rows[0]![1]).toBe('integer');
    expect(rs.rows[0]![2]).toBe(2.5);
    await c.execute('CREATE TABLE bigid (id INTEGER PRIMARY KEY, v)');
    const id = 2n ** 62n + 3n;
    const ins = await c.execute({ sql: 'INSERT INTO bigid (id, v) VALUES (?, 1)', args: [id] });
    expect(ins.lastInsertRowid).toBe(id);
  });

  it('binds positional and named args (:x, @x, $x)', async () => {
    const c = fx.client();
    const pos = await c.execute({ sql: 'SELECT ? AS a, ? AS b', args: ['one', 2n] });
    expect(pos.rows[0]!.a).toBe('one');
    expect(pos.rows[0]!.b).toBe(2);
    for (const p of [':', '@', '$']) {
      const rs = await c.execute({ sql: `SELECT ${p}x AS x, ${p}y AS y`, args: { x: 'ex', y: 7n } });
      expect(rs.rows[0]!.x, `prefix ${p}`).toBe('ex');
      expect(rs.rows[0]!.y, `prefix ${p}`).toBe(7);
      // The key may also keep its prefix on the client side.
      const rs2 = await c.execute({ sql: `SELECT ${p}x AS x`, args: { [`${p}x`]: 'kept' } });
      expect(rs2.rows[0]!.x, `prefixed key ${p}`).toBe('kept');
    }
  });

  it('binding edge cases that abort the libsql binding (Rust panic) are handled', async () => {
    const c = fx.client({ intMode: 'bigint' });
    const blob = await c.execute({ sql: 'SELECT typeof(?) AS t, ? AS v', args: [new Uint8Array([1, 2])] });
    expect(blob.rows[0]!.t).toBe('blob');
    const one = await c.execute({ sql: 'SELECT typeof(?) AS t', args: [new Uint8Array([7])] });
    expect(one.rows[0]!.t).toBe('blob');
    const nul = await c.execute({ sql: 'SELECT typeof(?) AS t', args: [null] });
    expect(nul.rows[0]!.t).toBe('null');
    const gap = await c.execute({ sql: 'SELECT ?3 AS v', args: { a: 1n } });
    expect(gap.rows[0]!.v).toBeNull();
    const gap2 = await c.execute({ sql: 'SELECT ?2 AS v', args: [1n, 2n] });
    expect(gap2.rows[0]!.v).toBe(2n);
    const mixed = await c.execute({ sql: 'SELECT :a AS a, ? AS b, :a AS a2', args: { a: 5n } });
    expect([mixed.rows[0]!.a, mixed.rows[0]!.b, mixed.rows[0]!.a2]).toEqual([5n, null, 5n]);
    const repeat = await c.execute({ sql: 'SELECT $x AS x, @y AS y, $x + 1 AS x1', args: { x: 1n, y: 'why', extra: 'ignored' } });
    expect([repeat.rows[0]!.x, repeat.rows[0]!.y, repeat.rows[0]!.x1]).toEqual([1n, 'why', 2n]);
    const tricky = await c
      .execute({
        sql: 'SELECT \':nope\' AS s, "?" AS q, [@no] AS b, :real AS r -- :comment ?\n /* $c ? */',
        args: { real: 'yes' },
      })
      .catch((e: unknown) => e);
    // "?" / [@no] are identifiers here (no such column); what matters is that the server is alive.
    expect(tricky).toBeInstanceOf(Error);
    const alive = await c.execute({ sql: "SELECT ':nope' AS s, :real AS r /* ? :x */", args: { real: 'yes' } });
    expect([alive.rows[0]!.s, alive.rows[0]!.r]).toEqual([':nope', 'yes']);
  });

  it('returns RETURNING rows with affected count and last rowid', async () => {
    const c = fx.client();
    await c.execute('CREATE TABLE ret (id INTEGER PRIMARY KEY, v TEXT)');
    const rs = await c.execute({ sql: 'INSERT INTO ret (v) VALUES (?), (?) RETURNING id, v', args: ['a', 'b'] });
    expect(rs.rows.map((r) => r.v)).toEqual(['a', 'b']);
    expect(rs.rowsAffected).toBe(2);
    expect(rs.lastInsertRowid).toBe(2n);
    const sel = await c.execute('SELECT count(*) AS n FROM ret');
    expect(sel.rows[0]!.n).toBe(2);
    expect(sel.rowsAffected).toBe(0);
    const upd = await c.execute("UPDATE ret SET v = 'z'");
    expect(upd.rowsAffected).toBe(2);
    const ddl = await c.execute('CREATE INDEX ret_v ON ret (v)');
    expect(ddl.rowsAffected).toBe(0);
  });

  it('reports SQL errors in the result and the stream stays usable', async () => {
    const c = fx.client();
    await c.execute('CREATE TABLE uniq (id INTEGER PRIMARY KEY)');
    await c.execute('INSERT INTO uniq VALUES (1)');
    const err = await c.execute('INSERT INTO uniq VALUES (1)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibsqlError);
    expect((err as LibsqlError).code).toBe('SQLITE_CONSTRAINT');
    expect((err as LibsqlError).message).toMatch(/UNIQUE constraint failed/);
    await expect(c.execute('SELECT * FROM no_such_table')).rejects.toThrow(/no such table/);
    await expect(c.execute('SELECT 1; SELECT 2')).rejects.toThrow(/more than one statement/);

    // Same stream: an error inside an interactive transaction does not kill it.
    const tx = await c.transaction('write');
    await expect(tx.execute('INSERT INTO uniq VALUES (1)')).rejects.toThrow(/UNIQUE/);
    await tx.execute('INSERT INTO uniq VALUES (2)');
    await tx.commit();
    const rs = await c.execute('SELECT count(*) AS n FROM uniq');
    expect(rs.rows[0]!.n).toBe(2);
  });

  it('executeMultiple runs a sequence', async () => {
    const c = fx.client();
    await c.executeMultiple(`
      CREATE TABLE seq (a INTEGER);
      -- a comment; with a semicolon
      INSERT INTO seq VALUES (1);
      INSERT INTO seq VALUES (2);
    `);
    const rs = await c.execute('SELECT sum(a) AS s FROM seq');
    expect(rs.rows[0]!.s).toBe(3);
    await expect(c.executeMultiple('INSERT INTO seq VALUES (3); BROKEN SQL;')).rejects.toThrow(/syntax error/);
  });

  it('opens the file in WAL mode with foreign keys on', async () => {
    const c = fx.client();
    const rs = await c.execute('PRAGMA journal_mode');
    expect(rs.rows[0]![0]).toBe('wal');
    const fk = await c.execute('PRAGMA foreign_keys');
    expect(fk.rows[0]![0]).toBe(1);
  });
});

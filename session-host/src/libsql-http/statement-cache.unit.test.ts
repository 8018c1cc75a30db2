import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { StatementCache } from './statement-cache.js';

const dirs: string[] = [];
function connection(): Connection {
  const dir = mkdtempSync(join(tmpdir(), 'stmt-cache-'));
  dirs.push(dir);
  return new Connection(join(dir, 'test.db'));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const run = (conn: Connection, sql: string, args: (string | bigint | null)[] = []) => conn.execute({ sql, args, namedArgs: new Map(), wantRows: true });

describe('StatementCache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new StatementCache(2);
    const entry = (n: number) => ({ scan: { statementCount: n, params: [], words: [] }, statement: {} as never });
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    expect(cache.get('a')?.scan.statementCount).toBe(1);
    cache.set('c', entry(3));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.scan.statementCount).toBe(1);
    expect(cache.get('c')?.scan.statementCount).toBe(3);
  });
});

describe('Connection with reused statements', () => {
  it('answers fresh rows, changes and columns for a repeated statement, also after the table changed shape', () => {
    const conn = connection();
    run(conn, 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = 'INSERT INTO t (v) VALUES (?)';
    expect(run(conn, insert, ['a']).affected_row_count).toBe(1);
    expect(run(conn, insert, ['b']).last_insert_rowid).toBe('2');
    expect(run(conn, 'SELECT * FROM t ORDER BY id').rows).toEqual([
      [
        { type: 'integer', value: '1' },
        { type: 'text', value: 'a' },
      ],
      [
        { type: 'integer', value: '2' },
        { type: 'text', value: 'b' },
      ],
    ]);
    run(conn, 'ALTER TABLE t ADD COLUMN w TEXT');
    const again = run(conn, 'SELECT * FROM t ORDER BY id');
    expect(again.cols.map((c) => c.name)).toEqual(['id', 'v', 'w']);
    expect(again.rows[0]).toHaveLength(3);
    conn.close();
  });

  it('still refuses SQL with two statements and reports a failing one every time', () => {
    const conn = connection();
    expect(() => run(conn, 'SELECT 1; SELECT 2')).toThrow(/more than one statement/);
    expect(() => run(conn, 'SELECT 1; SELECT 2')).toThrow(/more than one statement/);
    expect(() => run(conn, 'SELECT * FROM missing')).toThrow(/no such table/);
    run(conn, 'CREATE TABLE missing (x)');
    expect(run(conn, 'SELECT * FROM missing').rows).toEqual([]);
    conn.close();
  });
});

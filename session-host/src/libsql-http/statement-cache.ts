import type Database from 'libsql';
import type { SqlScan } from './sql-scan.js';

type Statement = Database.Statement<unknown[]>;

/** A statement prepared once and the scan of its SQL, both reused while the same SQL text keeps
 * coming back (the gateway sends a few dozen distinct statements over and over; preparing and
 * scanning each anew was a fifth of the database thread's CPU under `POST /messages` load). */
export interface CachedStatement {
  scan: SqlScan;
  statement: Statement;
}

/** Least recently used first out, bounded so that callers sending ever-new SQL texts (bulk
 * inserts with varying row counts) cannot grow it without limit. */
export class StatementCache {
  private readonly entries = new Map<string, CachedStatement>();

  constructor(private readonly capacity = 256) {}

  get(sql: string): CachedStatement | undefined {
    const entry = this.entries.get(sql);
    if (entry) {
      this.entries.delete(sql);
      this.entries.set(sql, entry);
    }
    return entry;
  }

  set(sql: string, entry: CachedStatement): void {
    this.entries.delete(sql);
    this.entries.set(sql, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

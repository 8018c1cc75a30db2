/**
 * The one SQLite connection behind the server, wrapping the synchronous `libsql` binding.
 * Callers must hold the connection lock (see streams.ts) while using it.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'libsql';
import type { Col, HranaError, StmtResult } from './protocol.js';
import { isBeginReadonly, looksReadonly, scanSql, type SqlScan } from './sql-scan.js';
import { encodeValue, stripParamPrefix, type BindValue } from './values.js';

type Db = InstanceType<typeof Database>;
type Statement = Database.Statement<unknown[]>;

/** An error to report in `results[i]` / `step_errors[i]` (HTTP 200). */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  toProto(): HranaError {
    return { message: this.message, code: this.code };
  }
}

const BASE_CODES = [
  'SQLITE_OK',
  'SQLITE_ERROR',
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_EMPTY',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_FORMAT',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
  'SQLITE_NOTICE',
  'SQLITE_WARNING',
];

/**
 * Map a binding error to a Hrana error. The code is the base SQLite code (`SQLITE_CONSTRAINT`),
 * the same string @libsql/client reports as `code` for a local file.
 */
export function toSqlError(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  if (e instanceof Error) {
    const err = e as Error & { code?: unknown; rawCode?: unknown };
    let code = typeof err.code === 'string' ? err.code : 'SQLITE_ERROR';
    if (typeof err.rawCode === 'number') code = BASE_CODES[err.rawCode & 0xff] ?? code;
    return new SqlError(err.message, code);
  }
  return new SqlError(String(e), 'SQLITE_ERROR');
}

/**
 * Resolve named arguments to SQLite parameter indexes (as numbered by scanSql) and merge them
 * with the positional ones. Unknown names are ignored and unbound parameters are NULL, like the
 * local-file mode of @libsql/client.
 */
export function positionalArgs(stmt: Pick<ExecStmt, 'args' | 'namedArgs'>, params: (string | null)[]): BindValue[] {
  if (stmt.namedArgs.size === 0) return stmt.args;
  const out: BindValue[] = params.map((_, i) => stmt.args[i] ?? null);
  params.forEach((name, i) => {
    if (name === null) return;
    const v = stmt.namedArgs.get(stripParamPrefix(name));
    if (v !== undefined) out[i] = v;
  });
  return out;
}

export interface ExecStmt {
  sql: string;
  args: BindValue[];
  namedArgs: Map<string, BindValue>;
  wantRows: boolean;
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: Col[];
  is_explain: boolean;
  is_readonly: boolean;
}

/** Prepared statements and scans kept per SQL text: the host sends the same few statements for
 * every message, and preparing plus scanning them again was a third of this thread's CPU. */
const PREPARED_CACHE_SIZE = 256;
/** A kept statement keeps the columns it was prepared with: statements that change the schema
 * empty the cache (and `sequence`, which may hold any of them). */
const SCHEMA_WORDS = new Set(['CREATE', 'DROP', 'ALTER', 'ATTACH', 'DETACH', 'VACUUM']);

interface Prepared {
  scan: SqlScan;
  statement: Statement;
}

export class Connection {
  private readonly db: Db;
  /** By SQL text, least recently used first (a Map keeps insertion order). */
  private readonly prepared = new Map<string, Prepared>();
  private readonly metaStmt: Statement;
  private readonly totalStmt: Statement;
  /** Set while a `BEGIN TRANSACTION READONLY` (emulated with PRAGMA query_only) is open. */
  private queryOnly = false;

  constructor(file: string) {
    const path = file === ':memory:' ? file : resolve(file);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // timeout 0: this process owns the only connection, so SQLITE_BUSY can only come from an
    // outside process (sqlite3 CLI, ...) and must not block the event loop.
    this.db = new Database(path, { timeout: 0 });
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.metaStmt = this.db.prepare('SELECT changes(), last_insert_rowid(), total_changes()').raw(true).safeIntegers(true);
    this.totalStmt = this.db.prepare('SELECT total_changes()').raw(true).safeIntegers(true);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** Execute one statement. Throws SqlError. */
  execute(stmt: ExecStmt): StmtResult {
    const cached = this.prepared.get(stmt.sql);
    if (cached) {
      this.prepared.delete(stmt.sql);
      this.prepared.set(stmt.sql, cached);
    }
    const scan = cached?.scan ?? scanSql(stmt.sql);
    if (scan.statementCount === 0) throw new SqlError('SQL string does not contain any statement', 'SQLITE_ERROR');
    if (scan.statementCount > 1) {
      throw new SqlError('SQL string contains more than one statement (use "sequence" / executeMultiple)', 'SQLITE_ERROR');
    }
    if (isBeginReadonly(scan.words)) return this.beginReadonly();
    const changesSchema = SCHEMA_WORDS.has(scan.words[0] ?? '');
    if (changesSchema) this.prepared.clear();
    try {
      const prepared = cached?.statement ?? (changesSchema ? this.db.prepare(stmt.sql) : this.prepare(stmt.sql, scan));
      // Always ONE array argument: the binding treats a single object argument (a lone Buffer or
      // null!) as a named-parameter map, and its named-map binding aborts the whole process
      // (Rust panic) when the statement has an anonymous `?` or a `?NNN` gap.
      const bind = [positionalArgs(stmt, scan.params)];
      const before = this.totalChanges();
      let cols: Col[] = [];
      let rows: unknown[][] = [];
      if (prepared.reader) {
        cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
        rows = prepared
          .raw(true)
          .safeIntegers(true)
          .all(...bind) as unknown[][];
      } else {
        // DDL / DML without RETURNING: all() would misbehave, run() is the right call.
        prepared.safeIntegers(true).run(...bind);
      }
      const meta = this.metaStmt.get() as [bigint, bigint, bigint];
      const affected = meta[2] !== before ? Number(meta[0]) : 0;
      return {
        cols,
        rows: stmt.wantRows ? rows.map((r) => r.map(encodeValue)) : [],
        affected_row_count: affected,
        last_insert_rowid: meta[1].toString(),
      };
    } catch (e) {
      throw toSqlError(e);
    } finally {
      this.syncQueryOnly();
    }
  }

  /** Execute a string of zero or more statements without arguments (Hrana `sequence`). */
  sequence(sql: string): void {
    this.prepared.clear();
    try {
      this.db.exec(sql);
    } catch (e) {
      throw toSqlError(e);
    } finally {
      this.syncQueryOnly();
    }
  }

  describe(sql: string): DescribeResult {
    const scan = scanSql(sql);
    if (scan.statementCount !== 1) {
      throw new SqlError('SQL string must contain exactly one statement', 'SQLITE_ERROR');
    }
    try {
      const prepared = this.db.prepare(sql);
      const cols = prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.type })) : [];
      return {
        params: scan.params.map((name) => ({ name })),
        cols,
        is_explain: scan.words[0] === 'EXPLAIN',
        is_readonly: looksReadonly(scan.words),
      };
    } catch (e) {
      throw toSqlError(e);
    }
  }

  /** Roll back whatever transaction is open (stream closed/expired). Never throws. */
  rollback(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // Nothing sensible to do: SQLite already ended the transaction.
    }
    this.syncQueryOnly();
  }

  close(): void {
    this.rollback();
    this.prepared.clear();
    this.db.close();
  }

  /** Prepares `sql` and keeps it, dropping the least recently used beyond the cache's size. A
   * kept statement stays valid: SQLite prepares it again by itself after a schema change. */
  private prepare(sql: string, scan: SqlScan): Statement {
    const statement = this.db.prepare(sql);
    this.prepared.set(sql, { scan, statement });
    if (this.prepared.size > PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value!);
    return statement;
  }

  private totalChanges(): bigint {
    return (this.totalStmt.get() as [bigint])[0];
  }

  /**
   * `BEGIN TRANSACTION READONLY` is accepted by libsql but not enforced: emulate it with a
   * deferred transaction plus `PRAGMA query_only`, switched off again when the transaction ends.
   */
  private beginReadonly(): StmtResult {
    try {
      this.db.exec('BEGIN DEFERRED');
    } catch (e) {
      throw toSqlError(e);
    }
    this.db.exec('PRAGMA query_only = ON');
    this.queryOnly = true;
    return { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: this.lastRowid() };
  }

  private lastRowid(): string {
    return (this.metaStmt.get() as [bigint, bigint, bigint])[1].toString();
  }

  private syncQueryOnly(): void {
    if (this.queryOnly && !this.db.inTransaction) {
      this.db.exec('PRAGMA query_only = OFF');
      this.queryOnly = false;
    }
  }
}

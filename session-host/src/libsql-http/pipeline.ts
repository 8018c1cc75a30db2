/**
 * Execute the requests of one pipeline on a stream that holds the connection.
 * Runs synchronously: nothing else touches the connection meanwhile.
 */
import { SqlError, type Connection } from './connection.js';
import type { BatchCond, BatchStep, HranaError, Stmt, StmtResult, StreamRequest, StreamResult } from './protocol.js';
import type { Stream } from './streams.js';

/** Stored SQL texts per stream are capped so a client cannot grow memory without bound. */
const MAX_STORED_SQL = 1024;

function resolveSql(stream: Stream, sql: string | undefined, sqlId: number | undefined): string {
  if (sql !== undefined) return sql;
  const stored = sqlId === undefined ? undefined : stream.sqls.get(sqlId);
  if (stored === undefined) throw new SqlError(`SQL text with id ${String(sqlId)} is not stored`, 'SQL_NOT_FOUND');
  return stored;
}

function execStmt(conn: Connection, stream: Stream, stmt: Stmt): StmtResult {
  return conn.execute({
    sql: resolveSql(stream, stmt.sql, stmt.sqlId),
    args: stmt.args,
    namedArgs: stmt.namedArgs,
    wantRows: stmt.wantRows,
  });
}

interface BatchState {
  results: (StmtResult | null)[];
  errors: (HranaError | null)[];
}

function evalCond(conn: Connection, cond: BatchCond, st: BatchState): boolean {
  switch (cond.type) {
    case 'ok':
      return st.results[cond.step] != null;
    case 'error':
      return st.errors[cond.step] != null;
    case 'not':
      return !evalCond(conn, cond.cond, st);
    case 'and':
      return cond.conds.every((c) => evalCond(conn, c, st));
    case 'or':
      return cond.conds.some((c) => evalCond(conn, c, st));
    case 'is_autocommit':
      return !conn.inTransaction;
  }
}

function runBatch(conn: Connection, stream: Stream, steps: BatchStep[]): BatchState {
  const st: BatchState = { results: [], errors: [] };
  steps.forEach((step, i) => {
    st.results.push(null);
    st.errors.push(null);
    if (step.condition && !evalCond(conn, step.condition, st)) return;
    try {
      st.results[i] = execStmt(conn, stream, step.stmt);
    } catch (e) {
      st.errors[i] = (e instanceof SqlError ? e : new SqlError(String(e), 'SQLITE_ERROR')).toProto();
    }
  });
  return st;
}

function runRequest(conn: Connection, stream: Stream, req: StreamRequest): Record<string, unknown> {
  switch (req.type) {
    case 'close':
      stream.closed = true; // StreamManager.finish() rolls back and releases the connection
      return { type: 'close' };
    case 'execute':
      return { type: 'execute', result: execStmt(conn, stream, req.stmt) };
    case 'batch': {
      const st = runBatch(conn, stream, req.steps);
      return { type: 'batch', result: { step_results: st.results, step_errors: st.errors } };
    }
    case 'sequence':
      conn.sequence(resolveSql(stream, req.sql, req.sqlId));
      return { type: 'sequence' };
    case 'describe':
      return { type: 'describe', result: conn.describe(resolveSql(stream, req.sql, req.sqlId)) };
    case 'store_sql':
      if (!stream.sqls.has(req.sqlId) && stream.sqls.size >= MAX_STORED_SQL) {
        throw new SqlError(`too many stored SQL texts (max ${MAX_STORED_SQL})`, 'SQL_STORE_FULL');
      }
      stream.sqls.set(req.sqlId, req.sql);
      return { type: 'store_sql' };
    case 'close_sql':
      stream.sqls.delete(req.sqlId);
      return { type: 'close_sql' };
    case 'get_autocommit':
      return { type: 'get_autocommit', is_autocommit: !conn.inTransaction };
  }
}

/** Run all requests in order; each gets its own ok/error result (errors never abort the rest). */
export function runPipeline(conn: Connection, stream: Stream, requests: StreamRequest[]): StreamResult[] {
  return requests.map((req): StreamResult => {
    if (stream.closed) {
      return { type: 'error', error: { message: 'Stream is closed', code: 'STREAM_CLOSED' } };
    }
    try {
      return { type: 'ok', response: runRequest(conn, stream, req) };
    } catch (e) {
      if (e instanceof SqlError) return { type: 'error', error: e.toProto() };
      throw e; // a bug, not a SQL error: let the server answer 500
    }
  });
}

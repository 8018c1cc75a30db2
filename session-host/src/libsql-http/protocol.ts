/**
 * Hrana 2 pipeline request parsing and validation (JSON encoding only).
 *
 * The whole body is validated before anything runs, so a malformed request never executes
 * half a pipeline: it is answered with HTTP 400 instead.
 */
import { decodeValue, stripParamPrefix, ValueError, type BindValue, type HranaValue } from './values.js';

export class ProtocolError extends Error {}

export interface Stmt {
  sql?: string;
  sqlId?: number;
  args: BindValue[];
  /** Keys already stripped of their `:`/`@`/`$` sigil. */
  namedArgs: Map<string, BindValue>;
  wantRows: boolean;
}

export type BatchCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and'; conds: BatchCond[] }
  | { type: 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };

export interface BatchStep {
  condition?: BatchCond;
  stmt: Stmt;
}

export type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; steps: BatchStep[] }
  | { type: 'sequence'; sql?: string; sqlId?: number }
  | { type: 'describe'; sql?: string; sqlId?: number }
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number }
  | { type: 'get_autocommit' };

export interface PipelineRequest {
  baton: string | null;
  requests: StreamRequest[];
}

export interface HranaError {
  message: string;
  code?: string;
}

export interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export type StreamResult = { type: 'ok'; response: Record<string, unknown> } | { type: 'error'; error: HranaError };

export interface PipelineResponse {
  baton: string | null;
  base_url: null;
  results: StreamResult[];
}

// ---------------------------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, what: string): never {
  throw new ProtocolError(`${path}: ${what}`);
}

function optString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(path, 'expected a string');
  return v;
}

function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(path, 'expected an integer');
  return v;
}

function optInt(v: unknown, path: string): number | undefined {
  return v === undefined || v === null ? undefined : int(v, path);
}

function sqlOrId(o: Record<string, unknown>, path: string): { sql?: string; sqlId?: number } {
  const sql = optString(o.sql, `${path}.sql`);
  const sqlId = optInt(o.sql_id, `${path}.sql_id`);
  if ((sql === undefined) === (sqlId === undefined)) fail(path, 'exactly one of "sql" and "sql_id" is required');
  return sql !== undefined ? { sql } : { sqlId: sqlId as number };
}

function wrapValue(v: unknown, path: string): BindValue {
  try {
    return decodeValue(v);
  } catch (e) {
    if (e instanceof ValueError) fail(path, e.message);
    throw e;
  }
}

export function parseStmt(v: unknown, path: string): Stmt {
  if (!isRecord(v)) fail(path, 'expected an object');
  const { sql, sqlId } = sqlOrId(v, path);
  const args: BindValue[] = [];
  if (v.args !== undefined && v.args !== null) {
    if (!Array.isArray(v.args)) fail(`${path}.args`, 'expected an array');
    for (const [i, a] of v.args.entries()) args.push(wrapValue(a, `${path}.args[${i}]`));
  }
  const namedArgs = new Map<string, BindValue>();
  if (v.named_args !== undefined && v.named_args !== null) {
    if (!Array.isArray(v.named_args)) fail(`${path}.named_args`, 'expected an array');
    v.named_args.forEach((a, i) => {
      const p = `${path}.named_args[${i}]`;
      if (!isRecord(a) || typeof a.name !== 'string') fail(p, 'expected {name, value}');
      namedArgs.set(stripParamPrefix(a.name), wrapValue(a.value, `${p}.value`));
    });
  }
  if (v.want_rows !== undefined && v.want_rows !== null && typeof v.want_rows !== 'boolean') {
    fail(`${path}.want_rows`, 'expected a boolean');
  }
  return { sql, sqlId, args, namedArgs, wantRows: v.want_rows !== false };
}

function parseCond(v: unknown, path: string, depth = 0): BatchCond {
  if (depth > 64) fail(path, 'condition nested too deeply');
  if (!isRecord(v)) fail(path, 'expected an object');
  switch (v.type) {
    case 'ok':
    case 'error':
      return { type: v.type, step: int(v.step, `${path}.step`) };
    case 'not':
      return { type: 'not', cond: parseCond(v.cond, `${path}.cond`, depth + 1) };
    case 'and':
    case 'or': {
      if (!Array.isArray(v.conds)) fail(`${path}.conds`, 'expected an array');
      return { type: v.type, conds: v.conds.map((c, i) => parseCond(c, `${path}.conds[${i}]`, depth + 1)) };
    }
    case 'is_autocommit':
      return { type: 'is_autocommit' };
    default:
      fail(`${path}.type`, `unknown condition type ${JSON.stringify(v.type)}`);
  }
}

/** A condition may only refer to steps that ran before it. */
function checkCondSteps(c: BatchCond, stepIndex: number, path: string): void {
  if (c.type === 'ok' || c.type === 'error') {
    if (c.step < 0 || c.step >= stepIndex) fail(path, `condition refers to step ${c.step}, not an earlier step`);
  } else if (c.type === 'not') checkCondSteps(c.cond, stepIndex, path);
  else if (c.type === 'and' || c.type === 'or') {
    for (const x of c.conds) checkCondSteps(x, stepIndex, path);
  }
}

function parseRequest(v: unknown, path: string): StreamRequest {
  if (!isRecord(v)) fail(path, 'expected an object');
  switch (v.type) {
    case 'close':
    case 'get_autocommit':
      return { type: v.type };
    case 'execute':
      return { type: 'execute', stmt: parseStmt(v.stmt, `${path}.stmt`) };
    case 'batch': {
      const b = v.batch;
      if (!isRecord(b) || !Array.isArray(b.steps)) fail(`${path}.batch`, 'expected {steps: [...]}');
      const steps = b.steps.map((s, i): BatchStep => {
        const p = `${path}.batch.steps[${i}]`;
        if (!isRecord(s)) fail(p, 'expected an object');
        const stmt = parseStmt(s.stmt, `${p}.stmt`);
        if (s.condition === undefined || s.condition === null) return { stmt };
        const condition = parseCond(s.condition, `${p}.condition`);
        checkCondSteps(condition, i, `${p}.condition`);
        return { stmt, condition };
      });
      return { type: 'batch', steps };
    }
    case 'sequence':
    case 'describe':
      return { type: v.type, ...sqlOrId(v, path) };
    case 'store_sql': {
      const sql = optString(v.sql, `${path}.sql`);
      if (sql === undefined) fail(`${path}.sql`, 'required');
      return { type: 'store_sql', sqlId: int(v.sql_id, `${path}.sql_id`), sql };
    }
    case 'close_sql':
      return { type: 'close_sql', sqlId: int(v.sql_id, `${path}.sql_id`) };
    default:
      fail(`${path}.type`, `unknown request type ${JSON.stringify(v.type)}`);
  }
}

/** Parse and validate a `POST /v2/pipeline` body (already JSON-decoded). */
export function parsePipelineRequest(body: unknown): PipelineRequest {
  if (!isRecord(body)) fail('body', 'expected a JSON object');
  const baton = optString(body.baton, 'baton') ?? null;
  if (!Array.isArray(body.requests)) fail('requests', 'expected an array');
  const requests = body.requests.map((r, i) => parseRequest(r, `requests[${i}]`));
  return { baton, requests };
}

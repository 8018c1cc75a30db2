// What the host's write batches take: drizzle's query builders, or a statement whose SQL text is
// fixed (`SqlStatement`) for what is written per message. Drizzle builds a query's SQL again each
// time it runs (a tenth of the host's CPU under incoming messages); a fixed text is built once,
// and the database keeps it prepared (libsql-http/connection.ts).
import type { InValue, ResultSet } from '@libsql/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { HostDb } from './client.js';

export interface SqlStatement {
  sql: string;
  args: InValue[];
}

export type Statement = BatchItem<'sqlite'> | SqlStatement;

/** What drizzle's own `batch` asks of each item (not in its public types). */
interface Preparable {
  _prepare(): { getQuery(): { sql: string; params: unknown[] } };
}

function toSql(statement: Statement): SqlStatement {
  if (!('_prepare' in statement)) return statement as SqlStatement;
  const { sql, params } = (statement as unknown as Preparable)._prepare().getQuery();
  return { sql, args: params as InValue[] };
}

/** Runs `statements` in one atomic batch, as drizzle's `db.batch` does (same client, same mode),
 * resolving with each statement's result set (`rowsAffected` for writes). */
export function runBatch(db: HostDb, statements: readonly Statement[]): Promise<ResultSet[]> {
  return db.$client.batch(statements.map(toSql));
}

import type { LibSQLDatabase } from 'drizzle-orm/libsql';

/** The edge's client (no relational schema) or the host's: helpers shared by both use only the query builder. */
export type AnyLibsqlDb = LibSQLDatabase<Record<string, unknown>>;

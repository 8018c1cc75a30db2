import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';

export type Db = ReturnType<typeof createDb>;

/** No relational schema: the edge writes its queries with the query builder, and drizzle would
 * otherwise rebuild the relations of every table each time a client is made. No concurrency
 * limit: the client's limit is a queue that would start one request's query from another's
 * completion, and workerd cancels I/O begun in another request's context. Without it, every
 * query opens its own stream in the context of the request that asked, so one client can serve
 * every request of the isolate. */
export function createDb(url: string, authToken?: string) {
  return drizzle(createClient({ url, authToken, concurrency: Number.MAX_SAFE_INTEGER }));
}

const isolateDbs = new Map<string, Db>();

/** The isolate's client for this database, made once: building one costs about a tenth of a
 * request's CPU (URL parsing, drizzle's dialect and session). */
export function isolateDb(url: string, authToken?: string): Db {
  const key = `${url}\n${authToken ?? ''}`;
  let db = isolateDbs.get(key);
  if (!db) {
    db = createDb(url, authToken);
    isolateDbs.set(key, db);
  }
  return db;
}

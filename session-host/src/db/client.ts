import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from '../../../shared/src/db/schema.js';

export type HostDb = ReturnType<typeof createHostDb>;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** `fetch`: how an HTTP database is reached, when not by the network (the embedded one's port). */
export function createHostDb(url: string, authToken?: string, fetch?: typeof globalThis.fetch) {
  return drizzle(createClient({ url, authToken, fetch }), { schema });
}

/** Applies drizzle-kit's migrations; already-applied ones are skipped by their recorded hash. */
export async function runMigrations(db: HostDb): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

import { asc, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { contactIdentities } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { startDb } from '../webhooks/test-helpers.js';
import { IdentityStore } from './identity-store.js';

/** A real libSQL database with an identity store on it, and a look at what the store wrote. */
export async function startIdentityDb() {
  const fx = await startDb();
  const logger = pino({ level: 'silent' });
  const db: HostDb = fx.db;
  const store = new IdentityStore(db, new StatementBatcher(db, logger));
  return {
    db,
    store,
    logger,
    /** A session's rows (after pending writes), by phone then LID, nulls first. */
    async rows(sessionId: string) {
      await store.flush();
      return db
        .select({ phone: contactIdentities.phone, lid: contactIdentities.lid, pushName: contactIdentities.pushName })
        .from(contactIdentities)
        .where(eq(contactIdentities.sessionId, sessionId))
        .orderBy(asc(contactIdentities.phone), asc(contactIdentities.lid));
    },
    close: () => fx.close(),
  };
}

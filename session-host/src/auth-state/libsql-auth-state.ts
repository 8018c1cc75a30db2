import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { waAuthState } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { cachedKeyStore } from './cached-key-store.js';

const CREDS = 'creds';
/** Keeps each statement's bound parameters well under SQLite's limit. */
const CHUNK = 200;

export interface StoredAuthState {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
  saveCreds(): Promise<void>;
  /** Forgets the account: the next start pairs anew. */
  clear(): Promise<void>;
}

/** Baileys auth state in libSQL: creds and every signal key, one row each. Baileys hands `set` all
 * the changes of one of its key transactions together; they are written in one atomic batch. */
export async function loadAuthState(db: HostDb, sessionId: string): Promise<StoredAuthState> {
  const [row] = await db
    .select({ value: waAuthState.value })
    .from(waAuthState)
    .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, CREDS), eq(waAuthState.keyId, '')));
  const creds: AuthenticationCreds = row ? JSON.parse(row.value, BufferJSON.reviver) : initAuthCreds();

  const databaseKeys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .select({ keyId: waAuthState.keyId, value: waAuthState.value })
          .from(waAuthState)
          .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, type), inArray(waAuthState.keyId, ids.slice(i, i + CHUNK))));
        for (const { keyId, value } of rows) {
          let parsed = JSON.parse(value, BufferJSON.reviver);
          if (type === 'app-state-sync-key') parsed = proto.Message.AppStateSyncKeyData.fromObject(parsed);
          out[keyId] = parsed;
        }
      }
      return out;
    },
    async set(data: SignalDataSet) {
      const now = Date.now();
      const statements = [];
      for (const [category, entries] of Object.entries(data)) {
        const upserts: (typeof waAuthState.$inferInsert)[] = [];
        const deletes: string[] = [];
        for (const [keyId, value] of Object.entries(entries ?? {})) {
          if (value == null) deletes.push(keyId);
          else upserts.push({ sessionId, category, keyId, value: JSON.stringify(value, BufferJSON.replacer), updatedAt: now });
        }
        for (let i = 0; i < upserts.length; i += CHUNK) {
          statements.push(
            db
              .insert(waAuthState)
              .values(upserts.slice(i, i + CHUNK))
              .onConflictDoUpdate({
                target: [waAuthState.sessionId, waAuthState.category, waAuthState.keyId],
                set: { value: sql.raw('excluded.value'), updatedAt: now },
              }),
          );
        }
        for (let i = 0; i < deletes.length; i += CHUNK) {
          statements.push(
            db
              .delete(waAuthState)
              .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, category), inArray(waAuthState.keyId, deletes.slice(i, i + CHUNK)))),
          );
        }
      }
      if (statements.length > 0) await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
    },
  };

  return {
    creds,
    keys: cachedKeyStore(databaseKeys),
    async saveCreds() {
      const value = JSON.stringify(creds, BufferJSON.replacer);
      await db
        .insert(waAuthState)
        .values({ sessionId, category: CREDS, keyId: '', value, updatedAt: Date.now() })
        .onConflictDoUpdate({ target: [waAuthState.sessionId, waAuthState.category, waAuthState.keyId], set: { value, updatedAt: Date.now() } });
    },
    async clear() {
      await db.delete(waAuthState).where(eq(waAuthState.sessionId, sessionId));
    },
  };
}

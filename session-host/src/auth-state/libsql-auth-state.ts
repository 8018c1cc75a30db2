import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { and, eq, inArray } from 'drizzle-orm';
import { waAuthState } from '../../../shared/src/db/schema.js';
import type { InValue } from '@libsql/client';
import type { HostDb } from '../db/client.js';
import { type Statement, runBatch } from '../db/statements.js';
import type { StatementBatcher } from '../events/statement-batcher.js';
import { cachedKeyStore, type Category, UNCACHED } from './cached-key-store.js';

const CREDS = 'creds';
/** Keeps each statement's bound parameters well under SQLite's limit. */
const CHUNK = 200;

/** A session's keys of one category, the ids as one JSON array: one fixed text for any number. */
const SELECT_KEYS = 'select key_id, value from wa_auth_state where session_id = ? and category = ? and key_id in (select value from json_each(?))';

/** The upsert of `rows` keys: a fixed text per row count, so the database keeps it prepared. */
const upsertTexts = new Map<number, string>();
function upsertSql(rows: number): string {
  let text = upsertTexts.get(rows);
  if (!text) {
    text = `insert into wa_auth_state (session_id, category, key_id, value, updated_at) values ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}
      on conflict (session_id, category, key_id) do update set value = excluded.value, updated_at = excluded.updated_at`;
    upsertTexts.set(rows, text);
  }
  return text;
}

export interface StoredAuthState {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
  saveCreds(): Promise<void>;
  /** Forgets the account: the next start pairs anew. */
  clear(): Promise<void>;
}

/** Baileys auth state in libSQL: creds and every signal key, one row each. Baileys hands `set` all
 * the changes of one of its key transactions together; they are written in one atomic batch.
 *
 * With a `writer`, changes to cached keys (sessions, sender keys, device lists...) are written
 * behind: the cache answers every read while this host owns the session, and the statements join
 * the host's status batch, so a send's new ratchet state and its 'sent' status land in the same
 * atomic write, one round trip for many messages instead of one per message. A crash loses both
 * or neither; the message is then sent again under the same id. One-time pre-keys are not cached,
 * so their changes are written before `set` returns. */
export async function loadAuthState(db: HostDb, sessionId: string, writer?: StatementBatcher): Promise<StoredAuthState> {
  const [row] = await db
    .select({ value: waAuthState.value })
    .from(waAuthState)
    .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, CREDS), eq(waAuthState.keyId, '')));
  const creds: AuthenticationCreds = row ? JSON.parse(row.value, BufferJSON.reviver) : initAuthCreds();

  const databaseKeys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (let i = 0; i < ids.length; i += CHUNK) {
        const { rows } = await db.$client.execute({ sql: SELECT_KEYS, args: [sessionId, type, JSON.stringify(ids.slice(i, i + CHUNK))] });
        for (const row of rows) {
          let parsed = JSON.parse(String(row.value), BufferJSON.reviver);
          if (type === 'app-state-sync-key') parsed = proto.Message.AppStateSyncKeyData.fromObject(parsed);
          out[String(row.key_id)] = parsed;
        }
      }
      return out;
    },
    async set(data: SignalDataSet) {
      const now = Date.now();
      const statements: Statement[] = [];
      let behind = writer !== undefined;
      for (const [category, entries] of Object.entries(data)) {
        if (UNCACHED.has(category as Category) && Object.keys(entries ?? {}).length > 0) behind = false;
        const upserts: InValue[][] = [];
        const deletes: string[] = [];
        for (const [keyId, value] of Object.entries(entries ?? {})) {
          if (value == null) deletes.push(keyId);
          else upserts.push([sessionId, category, keyId, JSON.stringify(value, BufferJSON.replacer), now]);
        }
        for (let i = 0; i < upserts.length; i += CHUNK) {
          const rows = upserts.slice(i, i + CHUNK);
          statements.push({ sql: upsertSql(rows.length), args: rows.flat() });
        }
        for (let i = 0; i < deletes.length; i += CHUNK) {
          statements.push(
            db
              .delete(waAuthState)
              .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, category), inArray(waAuthState.keyId, deletes.slice(i, i + CHUNK)))),
          );
        }
      }
      if (statements.length === 0) return;
      if (behind) writer!.add(statements);
      else await runBatch(db, statements);
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
      // Nothing written behind may land after the delete and bring a key back.
      await writer?.flush();
      await db.delete(waAuthState).where(eq(waAuthState.sessionId, sessionId));
    },
  };
}

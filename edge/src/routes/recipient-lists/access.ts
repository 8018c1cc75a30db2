import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { recipientLists } from '../../../../shared/src/db/schema.js';
import type { Principal } from '../../auth/principal.js';

/** Lists and campaigns belong to the session whose token created them. A session token sees only
 * its own; the master key and admins see everything. Another session's id answers 404, exactly
 * like an id that does not exist, so ids of other sessions' resources do not leak. */
export function ownedBy(principal: Principal, sessionColumn: SQLiteColumn): SQL | undefined {
  return principal.kind === 'session' ? eq(sessionColumn, principal.sessionId) : undefined;
}

/** The list with this id, if the caller may see it. */
export function visibleList(principal: Principal, listId: string): SQL {
  return and(eq(recipientLists.id, listId), ownedBy(principal, recipientLists.sessionId))!;
}

/** `exists (…)` for gating a write to a list the caller may see, inside a batch. */
export function listIsVisible(principal: Principal, listId: string): SQL {
  return principal.kind === 'session'
    ? sql`exists (select 1 from recipient_lists where id = ${listId} and session_id = ${principal.sessionId})`
    : sql`exists (select 1 from recipient_lists where id = ${listId})`;
}

/** The session that owns what this caller creates: null for the master key or an admin. */
export function ownerSessionId(principal: Principal): string | null {
  return principal.kind === 'session' ? principal.sessionId : null;
}

/** `<prefix>_<epoch ms>_<6 of [a-z0-9]>`, the original's id format. */
export function newId(prefix: 'list' | 'campaign', now: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => alphabet[b % alphabet.length]).join('');
  return `${prefix}_${now}_${random}`;
}

export const notFound = (listId: string) => `Recipient list ${listId} not found.`;

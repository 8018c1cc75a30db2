import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { recipientLists } from '../../../../shared/src/db/schema.js';
import { type Principal, sessionScope } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';

/** Lists and campaigns belong to the session whose token created them. A session token sees only
 * its own, an operator those of its sessions; the master key and admins see everything. Another
 * session's id answers 404, exactly like an id that does not exist, so ids of other sessions'
 * resources do not leak. */
export function ownedBy(principal: Principal, sessionColumn: SQLiteColumn): SQL | undefined {
  const scope = sessionScope(principal);
  return scope === null ? undefined : inArray(sessionColumn, scope);
}

/** The list with this id, if the caller may see it. */
export function visibleList(principal: Principal, listId: string): SQL {
  return and(eq(recipientLists.id, listId), ownedBy(principal, recipientLists.sessionId))!;
}

/** `exists (…)` for gating a write to a list the caller may see, inside a batch. */
export function listIsVisible(principal: Principal, listId: string): SQL {
  const scope = sessionScope(principal);
  if (scope === null) return sql`exists (select 1 from recipient_lists where id = ${listId})`;
  if (scope.length === 0) return sql`0`;
  return sql`exists (select 1 from recipient_lists where id = ${listId} and session_id in ${scope})`;
}

/** The session that owns what this caller creates: null for the master key or an admin; an
 * operator's first assigned session (by id), so the operator and that session's token see it. */
export function ownerSessionId(principal: Principal): string | null {
  const scope = sessionScope(principal);
  if (scope === null) return null;
  const [first] = [...scope].sort();
  if (first === undefined) throw new ApiError(403, 'Your account is not assigned any session yet: ask an admin.');
  return first;
}

/** `<prefix>_<epoch ms>_<6 of [a-z0-9]>`, the original's id format. */
export function newId(prefix: 'list' | 'campaign' | 'user', now: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => alphabet[b % alphabet.length]).join('');
  return `${prefix}_${now}_${random}`;
}

export const notFound = (listId: string) => `Recipient list ${listId} not found.`;

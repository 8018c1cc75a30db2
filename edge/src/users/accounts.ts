// Dashboard accounts (table dashboard_users): who a user cookie stands for, and password checks.
import { asc, eq } from 'drizzle-orm';
import { verifyPasswordHash } from '../../../shared/src/auth/password-hash.js';
import { dashboardUserSessions, dashboardUsers } from '../../../shared/src/db/schema.js';
import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/client.js';

/** A PBKDF2 hash no password yields: checked when the user name is unknown or has no password
 * yet, so a refusal costs the same time whether or not the account exists. */
const DECOY_HASH = `pbkdf2-sha256$100000$${'A'.repeat(22)}$${'A'.repeat(43)}`;

export interface Account {
  principal: Principal & { kind: 'admin' | 'operator' };
  passwordHash: string;
}

/** The account with this id as a principal (an operator with its assigned sessions), or null when
 * it is gone or has no password yet. One round trip. */
export async function accountById(db: Db, userId: string): Promise<Account | null> {
  const [users, assigned] = await db.batch([
    db.select().from(dashboardUsers).where(eq(dashboardUsers.id, userId)),
    db
      .select({ sessionId: dashboardUserSessions.sessionId })
      .from(dashboardUserSessions)
      .where(eq(dashboardUserSessions.userId, userId))
      .orderBy(asc(dashboardUserSessions.sessionId)),
  ]);
  const user = users[0];
  if (!user?.passwordHash) return null;
  const principal: Account['principal'] =
    user.role === 'admin'
      ? { kind: 'admin', username: user.username, userId: user.id }
      : { kind: 'operator', userId: user.id, username: user.username, sessionIds: assigned.map((row) => row.sessionId) };
  return { principal, passwordHash: user.passwordHash };
}

/** The account whose user name and password these are, or null. */
export async function accountByPassword(db: Db, username: string, password: string): Promise<Account | null> {
  const [user] = await db
    .select({ id: dashboardUsers.id, passwordHash: dashboardUsers.passwordHash })
    .from(dashboardUsers)
    .where(eq(dashboardUsers.username, username));
  const matches = await verifyPasswordHash(user?.passwordHash ?? DECOY_HASH, password);
  return matches && user ? accountById(db, user.id) : null;
}

import { asc, eq, inArray } from 'drizzle-orm';
import { dashboardUserSessions, dashboardUsers, sessions } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

type UserRow = typeof dashboardUsers.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/** A user as the API shows it: never its password hash or link hash. */
export function userItem(row: UserRow, sessionIds: string[], now: number) {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    sessionIds,
    state: row.passwordHash ? ('active' as const) : ('invited' as const),
    linkExpiresAt: row.linkHash && row.linkExpiresAt && row.linkExpiresAt > now ? iso(row.linkExpiresAt) : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Every user (or the one with `userId`) with its sessions, oldest first. */
export async function loadUsers(db: Db, now: number, userId?: string) {
  const where = userId === undefined ? undefined : eq(dashboardUsers.id, userId);
  const [rows, assigned] = await db.batch([
    db.select().from(dashboardUsers).where(where).orderBy(asc(dashboardUsers.createdAt), asc(dashboardUsers.id)),
    db
      .select()
      .from(dashboardUserSessions)
      .where(userId === undefined ? undefined : eq(dashboardUserSessions.userId, userId))
      .orderBy(asc(dashboardUserSessions.sessionId)),
  ]);
  return rows.map((row) =>
    userItem(
      row,
      assigned.filter((a) => a.userId === row.id).map((a) => a.sessionId),
      now,
    ),
  );
}

export async function loadUser(db: Db, now: number, userId: string) {
  const [user] = await loadUsers(db, now, userId);
  if (!user) throw new ApiError(404, `User ${userId} not found.`);
  return user;
}

/** 400 naming the first of `sessionIds` that does not exist. */
export async function requireSessionsExist(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const found = new Set((await db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, sessionIds))).map((row) => row.id));
  const index = sessionIds.findIndex((id) => !found.has(id));
  if (index >= 0) {
    const message = `sessionIds.${index}: session ${sessionIds[index]} does not exist`;
    throw new ApiError(400, message, [{ path: `sessionIds.${index}`, message: `session ${sessionIds[index]} does not exist` }]);
  }
}

/** The assignment rows of a user, for replacing them in one batch. */
export const assignmentRows = (userId: string, sessionIds: string[]) => [...new Set(sessionIds)].map((sessionId) => ({ userId, sessionId }));

import { and, eq } from 'drizzle-orm';
import { sessions } from '../../../shared/src/db/schema.js';
import type { Deps } from '../deps.js';
import { accountById } from '../users/accounts.js';
import { adminFingerprint, userFingerprint, verifyClaims } from './cookie.js';
import { adminLoginEnabled } from './password.js';
import type { Principal } from './principal.js';

/** The principal a dashboard cookie stands for, with the same rights as the credential it was
 * issued for: an admin (the master key's rights), a dashboard user (an admin, or an operator with
 * its assigned sessions as read now) or one session (its token's rights). Null when the cookie is
 * forged, expired, or its credential no longer holds (session or account deleted, password or
 * user name changed). */
export async function principalFromCookie(deps: Deps, value: string): Promise<Principal | null> {
  const config = deps.config.dashboard;
  const claims = await verifyClaims(config.cookieSecret, value, deps.clock());
  if (!claims) return null;
  if (claims.kind === 'admin') {
    const valid = adminLoginEnabled(config) && claims.username === config.adminUsername && claims.fingerprint === (await adminFingerprint(config));
    return valid ? { kind: 'admin', username: claims.username } : null;
  }
  if (claims.kind === 'user') {
    if (typeof claims.userId !== 'string' || typeof claims.fingerprint !== 'string') return null;
    const account = await accountById(deps.db, claims.userId);
    const valid = account && claims.fingerprint === (await userFingerprint(config, claims.userId, account.passwordHash));
    return valid ? account.principal : null;
  }
  if (claims.kind !== 'session' || typeof claims.sessionId !== 'string' || typeof claims.tokenHash !== 'string') return null;
  const [row] = await deps.db
    .select({ id: sessions.id, defaultCountry: sessions.defaultCountry })
    .from(sessions)
    .where(and(eq(sessions.id, claims.sessionId), eq(sessions.tokenHash, claims.tokenHash)));
  return row ? { kind: 'session', sessionId: row.id, defaultCountry: row.defaultCountry } : null;
}

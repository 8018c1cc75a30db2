// Which country a national-format number is read in: the session's own setting, else the
// gateway's DEFAULT_COUNTRY, else none (such numbers are refused).
import { eq } from 'drizzle-orm';
import { sessions } from '../../../shared/src/db/schema.js';
import type { Principal } from '../auth/principal.js';
import type { Deps } from '../deps.js';

export function effectiveCountry(deps: Deps, sessionCountry: string | null | undefined): string | undefined {
  return sessionCountry ?? deps.config.defaultCountry;
}

/** For what a caller creates on its own (recipient lists): its session's country; the master key
 * and admins own no session, so the gateway's. */
export function callerCountry(deps: Deps, principal: Principal): string | undefined {
  return effectiveCountry(deps, principal.kind === 'session' ? principal.defaultCountry : undefined);
}

/** For a session named in the request; one query unless the caller is that session. */
export async function sessionCountry(deps: Deps, sessionId: string, principal: Principal | null): Promise<string | undefined> {
  if (principal?.kind === 'session' && principal.sessionId === sessionId) return callerCountry(deps, principal);
  const [row] = await deps.db.select({ defaultCountry: sessions.defaultCountry }).from(sessions).where(eq(sessions.id, sessionId));
  return effectiveCountry(deps, row?.defaultCountry);
}

import { SessionStatus } from '../../../shared/src/api/common.js';
import type { SessionSummary } from '../../../shared/src/api/sessions.js';
import type { sessions } from '../../../shared/src/db/schema.js';
import { unseal } from '../../../shared/src/crypto.js';
import { isPrivileged, reachesSession, type Principal } from '../auth/principal.js';
import type { AppConfig } from '../deps.js';
import { sealedProxySummary } from './proxy-summary.js';

/** A session as a caller may see it: everyone its id and status; its own token, an operator
 * assigned to it, the master key and admins also its detail, QR, settings and proxy (protocol and
 * host); only the master key and admins its token. */
export async function sessionSummary(row: typeof sessions.$inferSelect, principal: Principal | null, config: AppConfig): Promise<SessionSummary> {
  const privileged = isPrivileged(principal);
  const seesInFull = reachesSession(principal, row.id);
  return {
    sessionId: row.id,
    status: SessionStatus.catch('STARTING').parse(row.status),
    // A waiting QR links whoever scans it into the session, so only its owner sees it.
    ...(seesInFull
      ? { detail: row.detail, qr: row.qr, defaultCountry: row.defaultCountry, proxy: await sealedProxySummary(config.hostSecret, row.proxySealed) }
      : {}),
    ...(privileged ? { token: row.tokenSealed ? await unseal(config.masterKey, row.tokenSealed) : null } : {}),
  };
}

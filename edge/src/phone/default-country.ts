// Which country a national-format number is read in: the session's own setting, else the
// gateway's DEFAULT_COUNTRY, else none (such numbers are refused).
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

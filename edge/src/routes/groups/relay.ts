import type { Context } from 'hono';
import type { GroupCommand } from '../../../../shared/src/api/groups.js';
import type { AppEnv } from '../../app-env.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';

/** Group operations run on the session's host (it holds the WhatsApp socket): check the caller
 * reaches the session, then relay; the host's refusal comes back as the API's 4xx. */
export async function relayGroupCommand<T>(c: Context<AppEnv>, sessionId: string, command: GroupCommand): Promise<T> {
  requireSessionAccess(c, sessionId);
  await requireSession(c.var.deps.db, sessionId);
  return c.var.deps.host.command<T>(sessionId, 'groups', command);
}

export const GROUP_ERRORS = [400, 401, 403, 404, 409, 503] as const;

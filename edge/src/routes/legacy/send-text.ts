import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono/types';
import type { AppEnv } from '../../app-env.js';
import type { Principal } from '../../auth/principal.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { enqueueMessages, requireConnectedSession, type MessageResult } from '../../messages/enqueue.js';
import { normalizePhone, phoneErrorMessage } from '../../../../shared/src/phone/normalize.js';
import { enforceRateLimit } from '../../rate-limit/fixed-window.js';
import { limitBody } from '../caller.js';

/** The original's newest version allows 10 legacy requests a minute; counted per session, after
 * authentication, so no anonymous caller can use up a real client's allowance. */
const LEGACY_LIMIT = 10;
const MINUTE = 60_000;

const legacyCaller = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.deps.config.legacyAuth !== 'none' && !c.var.principal) {
    throw new ApiError(
      401,
      'Authentication required: send Authorization: Bearer <session token> (or set LEGACY_API_AUTH=none for the original open behaviour).',
    );
  }
  await next();
});

/** Route middleware of both legacy endpoints: the token rule before the body is read, then its cap. */
export const legacyGuards: MiddlewareHandler<AppEnv>[] = [legacyCaller, limitBody()];

/** What both legacy endpoints do once their fields are read: the same default-session rule and
 * send path as POST /messages, answering one entry of its result array. */
export async function sendLegacyText(
  c: Context<AppEnv>,
  input: { sessionId?: string; number?: string; message?: string; numberField: 'number' | 'phone' },
  requiredMessage: string,
): Promise<MessageResult> {
  const deps = c.var.deps;
  const principal = c.var.principal as Principal | null;
  const sessionId = input.sessionId || (principal?.kind === 'session' ? principal.sessionId : undefined) || deps.config.legacyDefaultSession;
  const number = input.number?.trim();
  if (!sessionId || !number || !input.message) throw new ApiError(400, requiredMessage);
  if (!/^\d{8,15}$/.test(number.replace(/^\+/, ''))) throw new ApiError(400, 'Invalid phone number format. Use 8-15 digits.');
  if (principal) requireSessionAccess(c, sessionId);
  await enforceRateLimit(c, deps.db, `legacy:session:${sessionId}`, LEGACY_LIMIT, MINUTE, deps.clock());
  const { defaultCountry } = await requireConnectedSession(deps, sessionId, principal);
  const to = normalizePhone(number, defaultCountry);
  if (!to.ok) throw new ApiError(400, phoneErrorMessage(input.numberField, number, to.reason));
  const [result] = await enqueueMessages(
    deps,
    sessionId,
    [{ index: 0, ok: true, item: { recipient_type: 'individual', to: to.digits, type: 'text', text: { body: input.message } } }],
    { waitUntil: (work) => c.executionCtx.waitUntil(work) },
  );
  return result!;
}

// The audit log's one hook: after every request under /api it records the operations listed in
// operations.ts (who, when, what, the outcome and the client address), so no handler has to.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { auditLog } from '../../../shared/src/db/schema.js';
import type { AppEnv } from '../app-env.js';
import { actorOf } from '../auth/principal.js';
import { clientAddress } from '../net/client-address.js';
import { ANONYMOUS_AUDITED, AUDITED_OPERATIONS } from './operations.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Path parameters naming what was acted on, most specific first. */
const TARGET_PARAMS = ['id', 'campaignId', 'listId', 'eventId', 'groupId', 'messageId', 'chatId', 'ruleId', 'hostId', 'sessionId'];
/** Body fields whose values are shown in `detail`; of the others only the names. None is a secret. */
const SHOWN_VALUES = ['role', 'username', 'sessionIds', 'mode', 'defaultCountry'];
const MAX_ANSWER_CHARS = 64 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max = 128): string | undefined => (typeof value === 'string' && value ? value.slice(0, max) : undefined);

export const auditChanges = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  await next();
  const action = AUDITED_OPERATIONS[operationKey(c)];
  const principal = c.var.principal;
  // A flood of refused anonymous calls or of throttled ones must not fill the log.
  if (!action || c.res.status === 429 || (!principal && !ANONYMOUS_AUDITED.has(action))) return;
  try {
    const answer = await answerOf(c);
    const body = validated(c, 'json');
    const params = c.req.param() as Record<string, string>;
    const userId = text(answer?.userId);
    const sessionId = text(params.sessionId) ?? text(body?.sessionId) ?? text(validated(c, 'query')?.sessionId) ?? text(answer?.sessionId);
    const named = TARGET_PARAMS.map((name) => text(params[name])).find(Boolean);
    const user = isObject(answer?.user) ? text(answer.user.id) : undefined;
    await c.var.deps.db.insert(auditLog).values({
      at: c.var.deps.clock(),
      actor: principal ? actorOf(principal) : userId ? `user:${userId}` : 'anonymous',
      action,
      target: named ?? text(answer?.id) ?? user ?? userId ?? sessionId ?? null,
      sessionId: sessionId ?? null,
      status: c.res.status,
      address: clientAddress(c),
      detail: JSON.stringify(detailOf(action, body, answer, c.res.status)),
    });
  } catch (err) {
    // The change itself has happened: its answer stands, and the failure is in the logs.
    console.error(JSON.stringify({ level: 'error', msg: 'audit log write failed', action, error: String(err) }));
  }
});

/** `POST /users/{id}` as the OpenAPI document names the operation that answered. */
function operationKey(c: Context<AppEnv>): string {
  const path = routePath(c)
    .replace(/^\/api\/v1/, '')
    .replace(/:(\w+)/g, '{$1}');
  return `${c.req.method} ${path}`;
}

function validated(c: Context<AppEnv>, target: 'json' | 'query'): Json | undefined {
  const value = (c.req as unknown as { valid(target: string): unknown }).valid(target);
  return isObject(value) ? value : undefined;
}

/** The JSON answer (ids of what was created, the error message), if it is a small one. */
async function answerOf(c: Context<AppEnv>): Promise<Json | undefined> {
  if (!c.res.headers.get('content-type')?.startsWith('application/json')) return undefined;
  const raw = await c.res.clone().text();
  if (raw.length > MAX_ANSWER_CHARS) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Small and bounded: which fields a change named (values only for SHOWN_VALUES), how a sign-in
 * was tried, and why a refused request was refused. Never a password, token, URL or message text. */
function detailOf(action: string, body: Json | undefined, answer: Json | undefined, status: number): Json {
  const detail: Json = {};
  if (action === 'auth.login') detail.method = body?.token ? 'token' : 'password';
  if (body && action !== 'auth.login' && action !== 'user.accept-invite') detail.fields = Object.keys(body).slice(0, 20);
  for (const key of SHOWN_VALUES) {
    const value = body?.[key];
    if (typeof value === 'string') detail[key] = value.slice(0, 64);
    else if (Array.isArray(value)) detail[key] = value.slice(0, 20).map((item) => String(item).slice(0, 64));
  }
  if (status >= 400) {
    const message = text(answer?.message, 200);
    if (message) detail.error = message;
  }
  return detail;
}

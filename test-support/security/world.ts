// Two sessions, A and B, each with one of every resource the API scopes to a session, plus the
// credentials the security tests call with. Built through the public API (and one outbox row
// written directly: only the host creates webhook events).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sessionWebhooks, webhookOutbox } from '../../shared/src/db/schema.js';
import { PNG } from '../fixtures.js';
import { createSignedInUser } from '../dashboard-users.js';
import type { TestStack } from '../stack.js';
import { send, type HttpRequest, type HttpResult } from './http-probe.js';
import { operationsOf, type Operation } from './openapi-ops.js';
import { AUTO_REPLY_RULE, FAR_FUTURE, multipart, newSessionId, PHONE, SINK_URL, type Party } from './valid-requests.js';

export type Credential = 'none' | 'badToken' | 'badMasterKey' | 'tokenA' | 'cookieA' | 'operatorA' | 'master' | 'admin';

export interface World {
  base: URL;
  /** The edge's own origin: cookie-authenticated changes must come from it. */
  origin: string;
  masterKey: string;
  ops: Operation[];
  a: Party;
  b: Party;
  cookies: { a: string; admin: string; operatorA: string };
  /** The dashboard user behind `operatorA`: an operator assigned session A. */
  operatorA: { id: string };
  /** Sets the sessions operatorA is assigned (A's, plus a fresh one the row consumes). */
  assignOperator(sessionIds: string[]): Promise<void>;
  /** Sends a request; each gets its own client address unless it names one, so the per-client
   * rate limits (sign-in, legacy) never decide a test that is about something else. */
  call(req: HttpRequest): Promise<HttpResult>;
  /** The headers of a credential (a cookie comes with this origin, as the dashboard sends it). */
  credential(cred: Credential): Record<string, string>;
  /** A new session (only its token is real), for a request that would delete the one it names. */
  freshSession(): Promise<Party>;
  /** The owner with a new list / campaign in place of its own, for requests that consume them. */
  freshList(owner: Party): Promise<Party>;
  freshCampaign(owner: Party): Promise<Party>;
  /** The owner with a new dashboard user in place of its own, for DELETE /users/{id}. */
  freshUser(owner: Party): Promise<Party>;
}

let clients = 0;
/** Addresses from 198.18.0.0/15 (benchmarking), one per request. */
export const nextClientIp = () => {
  const n = clients++;
  return `198.18.${(n >> 8) & 255}.${n & 255}`;
};

export async function createWorld(stack: TestStack): Promise<World> {
  const base = new URL(stack.url);
  const origin = base.origin;
  const call = (req: HttpRequest) => send(base, { ...req, headers: { 'cf-connecting-ip': nextClientIp(), ...req.headers } });
  const json = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await call({
      method,
      path,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.json as any;
  };
  const master = { 'x-master-key': stack.masterKey };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const createSession = async (sessionId: string) => (await json('POST', '/api/v1/sessions', master, { sessionId })).token as string;
  const createList = async (token: string) =>
    (await json('POST', '/api/v1/recipient-lists', bearer(token), { name: 'Security list', recipients: [{ number: PHONE, name: 'Ann' }] })).id as string;
  const createCampaign = async (sessionId: string, token: string) =>
    (
      await json('POST', '/api/v1/campaigns', bearer(token), {
        name: 'Security campaign',
        sessionId,
        scheduledAt: FAR_FUTURE,
        message: { type: 'text', content: 'Hi {{Name}}' },
        recipients: [{ number: PHONE, name: 'Ann' }],
      })
    ).id as string;
  const createRule = async (sessionId: string, token: string) =>
    String((await json('POST', `/api/v1/sessions/${sessionId}/auto-replies`, bearer(token), AUTO_REPLY_RULE)).rule.id);
  const createUser = async () => (await json('POST', '/api/v1/users', master, { username: newSessionId('user') })).user.id as string;
  const login = async (body: unknown) => {
    const res = await call({ method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });
    const cookie = /wag_dashboard=([^;]*)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];
    if (res.status !== 200 || !cookie) throw new Error(`login: ${res.status} ${res.text}`);
    return cookie;
  };

  const primaryWebhookId = async (sessionId: string) => {
    const [row] = await stack.host.db
      .select({ id: sessionWebhooks.id })
      .from(sessionWebhooks)
      .where(eq(sessionWebhooks.sessionId, sessionId))
      .orderBy(sessionWebhooks.id);
    return String(row!.id);
  };

  const createParty = async (name: string): Promise<Party> => {
    const sessionId = newSessionId(name);
    const token = await createSession(sessionId);
    const upload = multipart([['file', { filename: 'a.png', type: 'image/png', bytes: PNG }]]);
    const [listId, campaignId, media, userId] = await Promise.all([
      createList(token),
      createCampaign(sessionId, token),
      call({ method: 'POST', path: '/api/v1/media', headers: { ...bearer(token), ...upload.headers }, body: upload.body }),
      createUser(),
      json('POST', '/api/v1/webhook', bearer(token), { sessionId, url: SINK_URL }),
    ]);
    const eventId = randomUUID();
    const webhookId = await primaryWebhookId(sessionId);
    const ruleId = await createRule(sessionId, token);
    await stack.host.db
      .insert(webhookOutbox)
      .values({ sessionId, eventId, event: 'session.update', body: '{}', status: 'dead', lastError: 'security test', webhookId: Number(webhookId) });
    return { sessionId, token, listId, campaignId, mediaId: (media.json as any).mediaId, eventId, webhookId, userId, ruleId };
  };

  const [a, b] = await Promise.all([createParty('a'), createParty('b')]);
  const operator = await createSignedInUser((path, init) => fetch(new URL(path, base), init), {
    masterKey: stack.masterKey,
    origin,
    username: newSessionId('operator'),
    sessionIds: [a.sessionId],
    client: { 'cf-connecting-ip': nextClientIp() },
  });
  const cookies = {
    a: await login({ token: a.token }),
    admin: await login({ username: stack.admin.username, password: stack.admin.password }),
    operatorA: operator.cookie,
  };
  const doc = await json('GET', '/api/v1/openapi.json', {});
  const headersOf: Record<Credential, Record<string, string>> = {
    none: {},
    badToken: { authorization: 'Bearer wag_bogus' },
    badMasterKey: { 'x-master-key': 'wamk_bogus' },
    tokenA: bearer(a.token),
    cookieA: { cookie: `wag_dashboard=${cookies.a}`, origin },
    operatorA: { cookie: `wag_dashboard=${cookies.operatorA}`, origin },
    master,
    admin: { cookie: `wag_dashboard=${cookies.admin}`, origin },
  };
  const ghost = {
    listId: 'list_1_aaaaaa',
    campaignId: 'campaign_1_aaaaaa',
    mediaId: a.mediaId,
    eventId: randomUUID(),
    userId: a.userId,
    webhookId: '999999999',
    ruleId: '999999999',
  };
  return {
    base,
    origin,
    masterKey: stack.masterKey,
    ops: operationsOf(doc),
    a,
    b,
    cookies,
    operatorA: { id: operator.id },
    async assignOperator(sessionIds) {
      await json('PATCH', `/api/v1/users/${operator.id}`, master, { sessionIds });
    },
    call,
    credential: (cred) => ({ ...headersOf[cred] }),
    async freshSession() {
      const sessionId = newSessionId('fresh');
      const token = await createSession(sessionId);
      await json('POST', '/api/v1/webhook', bearer(token), { sessionId, url: SINK_URL });
      return { sessionId, token, ...ghost, webhookId: await primaryWebhookId(sessionId), ruleId: await createRule(sessionId, token) };
    },
    freshList: async (owner) => ({ ...owner, listId: await createList(owner.token) }),
    freshCampaign: async (owner) => ({ ...owner, campaignId: await createCampaign(owner.sessionId, owner.token) }),
    freshUser: async (owner) => ({ ...owner, userId: await createUser() }),
  };
}

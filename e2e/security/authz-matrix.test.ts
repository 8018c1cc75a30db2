// The authorization matrix: every operation of /api/v1/openapi.json × ten credentials, with the
// status each must get written down in one table. Requests are the document's own (path, query
// and body built from its schemas by validRequest), aimed at real resources of session A or B.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../shared/src/db/schema.js';
import type { HttpRequest } from '../../test-support/security/http-probe.js';
import { validRequest, type Party } from '../../test-support/security/valid-requests.js';
import { createWorld, type Credential, type World } from '../../test-support/security/world.js';
import { startTestStack, type TestStack } from '../../test-support/stack.js';

/** Who calls, and whose resources the request names. */
const COLUMNS = [
  { name: 'none', cred: 'none', target: 'b' },
  { name: 'bad token', cred: 'badToken', target: 'b' },
  { name: 'bad master key', cred: 'badMasterKey', target: 'b' },
  { name: "A's token on B", cred: 'tokenA', target: 'b' },
  { name: "A's token on A", cred: 'tokenA', target: 'a' },
  { name: "A's cookie on B", cred: 'cookieA', target: 'b' },
  { name: 'master key', cred: 'master', target: 'b' },
  { name: 'admin cookie', cred: 'admin', target: 'b' },
  { name: 'operator of A on A', cred: 'operatorA', target: 'a' },
  { name: 'operator of A on B', cred: 'operatorA', target: 'b' },
] as const satisfies readonly { name: string; cred: Credential; target: 'a' | 'b' }[];
type Column = (typeof COLUMNS)[number];
type Cell = { column: Column; world: World; target: Party };

interface Row {
  /** One status per column, in COLUMNS order. */
  expect: [number, number, number, number, number, number, number, number, number, number];
  /** The request consumes what it names: each cell gets its own (a new session, list, campaign or user). */
  fresh?: 'session' | 'list' | 'campaign' | 'user';
  /** The original's paths for the same handler (outside /api/v1), held to the same row. */
  aliases?: string[];
  /** Run on a fresh campaign before the request (resume needs a paused one). */
  pauseFirst?: boolean;
  /** What the answer may show this caller, beyond its status. */
  check?: (body: any, cell: Cell) => string[];
}

// Reading guide. 401: no or a wrong credential; a wrong one is refused even on public operations.
// 403: the session's token or cookie names another session (sessions, webhooks, messages, legacy,
// POST /campaigns by its sessionId). 404 for another session's lists and campaigns: those routes
// hide existence on purpose (recipient-lists/access.ts), like an unknown id. Authorized outcomes
// need not be 2xx where the test does not meet a precondition: the point is that authorization
// is decided first. An operator assigned session A (a dashboard user signed in with the cookie) gets
// exactly what A's token gets, on A and on B; the admin-only operations are 403 for it.
type Statuses = Row['expect'];
//                                            none bad   bad   A→B  A→A  ckA→B master admin opA→A opA→B
//                                                 token key
/** Named by sessionId (path, query or body): another session's is 403. */
const BY_SESSION: Statuses = [401, 401, 401, 403, 200, 403, 200, 200, 200, 403];
/** A list or campaign id: another session's is 404 like an unknown one. */
const HIDDEN: Statuses = [401, 401, 401, 404, 200, 404, 200, 200, 200, 404];
/** Creates something owned by the caller: any valid credential. */
const ANY_CALLER_CREATES: Statuses = [401, 401, 401, 201, 201, 201, 201, 201, 201, 201];
/** Any valid credential; what it shows is the row's check. */
const ANY_CALLER: Statuses = [401, 401, 401, 200, 200, 200, 200, 200, 200, 200];
/** Sends on WhatsApp: authorized callers get 404 "not found or not connected" (no paired phone here). */
const NEEDS_CONNECTED: Statuses = [401, 401, 401, 403, 404, 403, 404, 404, 404, 403];
/** A command for the live socket: 503, this stack's host has no WhatsApp client. */
const NEEDS_WHATSAPP: Statuses = [401, 401, 401, 403, 503, 403, 503, 503, 503, 403];
/** Public, but a wrong credential is still refused. */
const PUBLIC: Statuses = [200, 401, 401, 200, 200, 200, 200, 200, 200, 200];
/** Dashboard users and the audit log: the master key and admins only. */
const ADMIN_ONLY: Statuses = [401, 401, 401, 403, 403, 403, 200, 200, 403, 403];
/** Drain and undrain, admin only, aimed at the document's example host id, which no host here has. */
const ADMIN_ONLY_NO_SUCH_HOST: Statuses = [401, 401, 401, 403, 403, 403, 404, 404, 403, 403];

const TABLE: Record<string, Row> = {
  'POST /sessions': { expect: [401, 401, 401, 403, 403, 403, 201, 201, 403, 403] },
  'GET /sessions': { expect: PUBLIC, check: checkSessionList },
  'DELETE /sessions/{sessionId}': { expect: BY_SESSION, fresh: 'session' },
  'POST /sessions/{sessionId}/pairing-code': { expect: NEEDS_WHATSAPP },
  'PATCH /sessions/{sessionId}': { expect: BY_SESSION },
  'POST /sessions/{sessionId}/reconnect': { expect: BY_SESSION },
  'GET /sessions/{sessionId}/governor': { expect: NEEDS_WHATSAPP },
  'PUT /sessions/{sessionId}/governor': { expect: BY_SESSION },
  'POST /sessions/{sessionId}/governor/resume': { expect: NEEDS_WHATSAPP },
  'GET /sessions/{sessionId}': { expect: BY_SESSION, check: checkOneSession },
  // Setting the AI endpoint aims the host at a URL with a key: master key or admin only. Reading
  // it (never the key), removing it and the per-chat takeover switch: anyone with the session.
  'GET /sessions/{sessionId}/ai': { expect: BY_SESSION },
  'PUT /sessions/{sessionId}/ai': { expect: [401, 401, 401, 403, 403, 403, 200, 200, 403, 403], check: checkNoAiKey },
  'DELETE /sessions/{sessionId}/ai': { expect: BY_SESSION },
  'GET /sessions/{sessionId}/chats/{chatId}/ai': { expect: BY_SESSION },
  'PUT /sessions/{sessionId}/chats/{chatId}/ai': { expect: BY_SESSION },
  'POST /webhook': { expect: BY_SESSION },
  'GET /webhook': { expect: BY_SESSION },
  'DELETE /webhook': { expect: BY_SESSION, fresh: 'session' },
  'GET /webhook/events': { expect: BY_SESSION },
  'POST /webhook/events/{eventId}/retry': { expect: BY_SESSION },
  'GET /sessions/{sessionId}/webhooks': { expect: BY_SESSION },
  'POST /sessions/{sessionId}/webhooks': { expect: [401, 401, 401, 403, 201, 403, 201, 201, 201, 403], fresh: 'session' },
  'GET /sessions/{sessionId}/webhooks/{webhookId}': { expect: BY_SESSION },
  'PATCH /sessions/{sessionId}/webhooks/{webhookId}': { expect: BY_SESSION },
  'DELETE /sessions/{sessionId}/webhooks/{webhookId}': { expect: BY_SESSION, fresh: 'session' },
  'GET /sessions/{sessionId}/auto-replies': { expect: BY_SESSION },
  'POST /sessions/{sessionId}/auto-replies': { expect: [401, 401, 401, 403, 201, 403, 201, 201, 201, 403], fresh: 'session' },
  'GET /sessions/{sessionId}/auto-replies/{ruleId}': { expect: BY_SESSION },
  'PATCH /sessions/{sessionId}/auto-replies/{ruleId}': { expect: BY_SESSION },
  'DELETE /sessions/{sessionId}/auto-replies/{ruleId}': { expect: BY_SESSION, fresh: 'session' },
  'GET /sessions/{sessionId}/events/stream': { expect: BY_SESSION },
  'POST /media': { expect: ANY_CALLER_CREATES },
  'PUT /media/{fileName}': { expect: ANY_CALLER_CREATES },
  'GET /media/{mediaId}': { expect: PUBLIC },
  'POST /messages': { expect: NEEDS_CONNECTED },
  'GET /messages': { expect: BY_SESSION },
  'PATCH /messages/{messageId}': { expect: NEEDS_CONNECTED },
  'DELETE /message': { expect: NEEDS_WHATSAPP },
  'GET /sessions/{sessionId}/chats': { expect: BY_SESSION },
  'POST /chats/read': { expect: NEEDS_CONNECTED },
  'POST /chats/presence': { expect: NEEDS_CONNECTED },
  'GET /contacts/{id}': { expect: BY_SESSION },
  'POST /contacts/check': { expect: NEEDS_CONNECTED },
  'POST /legacy/send-message': { expect: NEEDS_CONNECTED, aliases: ['/api/send-message'] },
  'POST /legacy/message': { expect: NEEDS_CONNECTED, aliases: ['/api/message'] },
  'POST /recipient-lists': { expect: ANY_CALLER_CREATES },
  'GET /recipient-lists': { expect: ANY_CALLER, check: checkOnlyOwn('listId') },
  'GET /recipient-lists/{listId}': { expect: HIDDEN },
  'PUT /recipient-lists/{listId}': { expect: HIDDEN },
  'DELETE /recipient-lists/{listId}': { expect: HIDDEN, fresh: 'list' },
  'POST /recipient-lists/{listId}/clone': { expect: [401, 401, 401, 404, 201, 404, 201, 201, 201, 404] },
  'POST /recipient-lists/{listId}/import': { expect: HIDDEN },
  'GET /recipient-lists/{listId}/export': { expect: HIDDEN },
  'POST /campaigns': { expect: [401, 401, 401, 403, 201, 403, 201, 201, 201, 403] },
  'GET /campaigns': { expect: ANY_CALLER, check: checkOnlyOwn('campaignId') },
  'GET /campaigns/{campaignId}': { expect: HIDDEN },
  'DELETE /campaigns/{campaignId}': { expect: HIDDEN, fresh: 'campaign' },
  'POST /campaigns/{campaignId}/start': { expect: HIDDEN, fresh: 'campaign' },
  'POST /campaigns/{campaignId}/pause': { expect: HIDDEN, fresh: 'campaign' },
  'POST /campaigns/{campaignId}/resume': { expect: HIDDEN, fresh: 'campaign', pauseFirst: true },
  'GET /campaigns/{campaignId}/events': { expect: HIDDEN },
  'POST /sessions/{sessionId}/groups': { expect: NEEDS_WHATSAPP },
  'GET /sessions/{sessionId}/groups': { expect: NEEDS_WHATSAPP },
  'POST /sessions/{sessionId}/groups/join': { expect: NEEDS_WHATSAPP },
  'GET /sessions/{sessionId}/groups/{groupId}': { expect: NEEDS_WHATSAPP },
  'PATCH /sessions/{sessionId}/groups/{groupId}': { expect: NEEDS_WHATSAPP },
  'POST /sessions/{sessionId}/groups/{groupId}/participants': { expect: NEEDS_WHATSAPP },
  'GET /sessions/{sessionId}/groups/{groupId}/invite': { expect: NEEDS_WHATSAPP },
  'DELETE /sessions/{sessionId}/groups/{groupId}/invite': { expect: NEEDS_WHATSAPP },
  'POST /sessions/{sessionId}/groups/{groupId}/leave': { expect: NEEDS_WHATSAPP },
  'POST /auth/login': { expect: PUBLIC },
  'POST /auth/logout': { expect: PUBLIC },
  'GET /auth/me': { expect: ANY_CALLER },
  'GET /health': { expect: PUBLIC, aliases: ['/health'] },
  'GET /ready': { expect: PUBLIC, aliases: ['/ready'] },
  // The link's token is the credential: a made-up one is 400 "invalid, expired or already used" for everyone.
  'POST /auth/accept-invite': { expect: [400, 401, 401, 400, 400, 400, 400, 400, 400, 400] },
  'GET /users': { expect: ADMIN_ONLY },
  'POST /users': { expect: [401, 401, 401, 403, 403, 403, 201, 201, 403, 403] },
  'PATCH /users/{id}': { expect: ADMIN_ONLY },
  'DELETE /users/{id}': { expect: ADMIN_ONLY, fresh: 'user' },
  'POST /users/{id}/reset-link': { expect: ADMIN_ONLY },
  'GET /audit': { expect: ADMIN_ONLY },
  // Without sessionId every session the caller reaches (e2e/analytics.test.ts checks the scoping).
  'GET /analytics': { expect: BY_SESSION, check: (body, { target }) => (body.sessionId === target.sessionId ? [] : [`answered ${body.sessionId}`]) },
  'GET /analytics/campaigns': {
    expect: BY_SESSION,
    check: (body, { target }) => body.campaigns.filter((c: any) => c.sessionId !== target.sessionId).map((c: any) => `${c.id} of ${c.sessionId} compared`),
  },
  'GET /hosts': { expect: ADMIN_ONLY },
  'POST /hosts/{hostId}/drain': { expect: ADMIN_ONLY_NO_SUCH_HOST },
  'POST /hosts/{hostId}/undrain': { expect: ADMIN_ONLY_NO_SUCH_HOST },
};

/** The AI endpoint's key is write-only: an answer says hasKey, never the key. */
function checkNoAiKey(body: any): string[] {
  return 'apiKey' in body || typeof body.hasKey !== 'boolean' ? [`answer shows [${Object.keys(body).sort()}]`] : [];
}

/** GET /sessions: anonymous callers get id and status only; a session sees its own detail and
 * QR; only the master key and admins see every session's detail, QR and token. */
/** The session in full to its own token; its token only to the master key or an admin. */
function checkOneSession(body: any, { column, world, target }: Cell): string[] {
  const privileged = column.cred === 'master' || column.cred === 'admin';
  const problems = body.sessionId === target.sessionId ? [] : [`answered ${body.sessionId}`];
  if (privileged && body.token !== world.b.token) problems.push("B's token missing");
  if (!privileged && 'token' in body) problems.push('a token shown to a session');
  return problems;
}

function checkSessionList(body: any[], { column, world }: Cell): string[] {
  const keys = (s: any) => Object.keys(s).sort().join(',');
  const own = column.cred === 'tokenA' || column.cred === 'cookieA' || column.cred === 'operatorA' ? world.a.sessionId : undefined;
  const problems: string[] = [];
  // An operator is listed its assigned sessions only.
  if (column.cred === 'operatorA' && body.some((s) => s.sessionId !== own)) problems.push(`operator listed ${body.map((s) => s.sessionId)}`);
  for (const s of body) {
    const privileged = column.cred === 'master' || column.cred === 'admin';
    const want = privileged
      ? 'defaultCountry,detail,proxy,qr,sessionId,status,token'
      : s.sessionId === own
        ? 'defaultCountry,detail,proxy,qr,sessionId,status'
        : 'sessionId,status';
    if (keys(s) !== want) problems.push(`session ${s.sessionId} shows [${keys(s)}], expected [${want}]`);
  }
  const b = body.find((s) => s.sessionId === world.b.sessionId);
  if ((column.cred === 'master' || column.cred === 'admin') && (b?.token !== world.b.token || b?.qr !== `qr-of-${world.b.sessionId}`))
    problems.push("B's token or QR missing");
  const a = body.find((s) => s.sessionId === own);
  if (own && a?.qr !== `qr-of-${own}`) problems.push(`own QR missing: ${JSON.stringify(a)}`);
  return problems;
}

/** A listing shows a session caller its own resources and never B's; master and admin see B's. */
function checkOnlyOwn(field: 'listId' | 'campaignId') {
  return (body: any[], { column, world }: Cell): string[] => {
    const ids = body.map((item) => item.id);
    if (column.cred === 'master' || column.cred === 'admin') return ids.includes(world.b[field]) ? [] : [`B's ${field} not listed`];
    return [
      ...(ids.includes(world.b[field]) ? [`B's ${field} listed`] : []),
      ...(column.target === 'a' && !ids.includes(world.a[field]) ? [`own ${field} not listed`] : []),
    ];
  };
}

let stack: TestStack;
let world: World;
beforeAll(async () => {
  stack = await startTestStack({ edge: { port: 0 } });
  world = await createWorld(stack);
  // A QR to leak or not: the host of this stack has no WhatsApp client, so it never sets one.
  for (const party of [world.a, world.b])
    await stack.host.db
      .update(sessions)
      .set({ qr: `qr-of-${party.sessionId}` })
      .where(eq(sessions.id, party.sessionId));
});
afterAll(async () => stack?.close());

/** The target of one cell (new resources where the row consumes them) and the caller's headers. */
async function prepareCell(row: Row, column: Column): Promise<{ target: Party; headers: Record<string, string> }> {
  const owner = column.target === 'a' ? world.a : world.b;
  let target = owner;
  let headers = world.credential(column.cred);
  if (row.fresh === 'session') {
    target = await world.freshSession();
    // "A's token on A's own session": the new session's own token stands for A's; the operator of
    // A is assigned the new session as well.
    if (column.target === 'a' && column.cred === 'operatorA') await world.assignOperator([world.a.sessionId, target.sessionId]);
    else if (column.target === 'a') headers = { authorization: `Bearer ${target.token}` };
  } else if (row.fresh === 'user') target = await world.freshUser(owner);
  else if (row.fresh === 'list') target = await world.freshList(owner);
  else if (row.fresh === 'campaign') target = await world.freshCampaign(owner);
  if (row.pauseFirst) {
    const paused = await world.call({ method: 'POST', path: `/api/v1/campaigns/${target.campaignId}/pause`, headers: world.credential('master') });
    expect(paused.status).toBe(200);
  }
  return { target, headers };
}

describe('authorization matrix', () => {
  it('has one row per operation of the OpenAPI document, and no row for an operation it lacks', () => {
    const documented = world.ops.map((op) => op.key).sort();
    expect(Object.keys(TABLE).sort()).toEqual(documented);
  });

  describe.each(Object.entries(TABLE))('%s', (key, row) => {
    const paths = ['documented path', ...(row.aliases ?? [])];
    it.each(paths)('every credential gets its row (%s)', async (path) => {
      const alias = path === 'documented path' ? undefined : path;
      const op = world.ops.find((o) => o.key === key);
      if (!op) throw new Error(`${key} is in the table but not in the OpenAPI document`);
      const actual: number[] = [];
      const problems: string[] = [];
      for (const [i, column] of COLUMNS.entries()) {
        const { target, headers } = await prepareCell(row, column);
        const request: HttpRequest = validRequest(op, target);
        if (alias) request.path = alias + request.path.slice(op.fullPath.length);
        // Sent as the dashboard's own page would (same Origin): the CSRF guard is auth.test.ts's subject.
        const res = await world.call({ ...request, headers: { origin: world.origin, ...request.headers, ...headers } });
        actual.push(res.status);
        if (res.status !== row.expect[i]) problems.push(`${column.name}: expected ${row.expect[i]}, got ${res.status} ${res.text.slice(0, 160)}`);
        else if (row.check && res.status < 300) problems.push(...row.check(res.json, { column, world, target }).map((p) => `${column.name}: ${p}`));
      }
      expect({ statuses: actual, problems }).toEqual({ statuses: row.expect, problems: [] });
    });
  });
});

describe('authorization beyond the table', () => {
  const json = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/json' });

  it("a campaign of A cannot name B's recipient list (404, as if it did not exist) or B's media (400, as POST /messages treats it)", async () => {
    const { a, b } = world;
    const base = { name: 'cross', sessionId: a.sessionId, scheduledAt: '2099-01-01T00:00:00.000Z' };
    const bodies = [
      { ...base, message: { type: 'text', content: 'Hi' }, recipientListId: b.listId },
      { ...base, message: { type: 'image', mediaId: b.mediaId, caption: 'Hi' }, recipients: [{ number: '6281234567890' }] },
    ];
    const statuses = [];
    for (const body of bodies)
      statuses.push(
        (await world.call({ method: 'POST', path: '/api/v1/campaigns', headers: json(world.credential('tokenA')), body: JSON.stringify(body) })).status,
      );
    expect(statuses).toEqual([404, 400]);
  });

  it('legacy endpoints authenticate before counting their rate limit: refused callers never use up a client’s allowance', async () => {
    const client = { 'cf-connecting-ip': '203.0.113.77' };
    const body = JSON.stringify({ sessionId: world.a.sessionId, number: '6281234567890', message: 'hello' });
    const refused = [];
    // More anonymous attempts than the 10 a minute one client may make.
    for (let i = 0; i < 12; i++) refused.push((await world.call({ method: 'POST', path: '/api/send-message', headers: json(client), body })).status);
    expect(refused).toEqual(Array(12).fill(401));
    // The session's own request from the same client is not throttled by them (404: not connected).
    const own = await world.call({ method: 'POST', path: '/api/send-message', headers: json({ ...client, ...world.credential('tokenA') }), body });
    expect(own.status).toBe(404);
  });
});

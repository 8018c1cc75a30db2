import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser, linkToken } from '../../../../test-support/dashboard-users.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

const ORIGIN = 'http://localhost';
const HOUR = 60 * 60 * 1000;
let now = Date.now();
let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge({ bindings: { LOGIN_MAX_ATTEMPTS: '4' }, clock: () => now });
});
afterAll(async () => edge?.close());

let ips = 0;
/** A client address of its own per call, so the sign-in limit only decides the test about it. */
const freshIp = () => `198.51.100.${++ips}`;
const master = () => ({ 'x-master-key': edge.masterKey, 'cf-connecting-ip': freshIp() });
const withCookie = (cookie: string) => ({ cookie: `wag_dashboard=${cookie}`, origin: ORIGIN, 'cf-connecting-ip': freshIp() });
const login = (username: string, password: string, ip = freshIp()) =>
  edge.json('POST', '/api/v1/auth/login', { body: { username, password }, headers: { origin: ORIGIN, 'cf-connecting-ip': ip } });
const accept = (token: string, password: string, ip = freshIp()) =>
  edge.json('POST', '/api/v1/auth/accept-invite', { body: { token, password }, headers: { 'cf-connecting-ip': ip } });
const newUser = (username: string, sessionIds: string[] = [], role = 'operator') =>
  createSignedInUser(edge.fetch, {
    masterKey: edge.masterKey,
    origin: ORIGIN,
    username,
    role: role as 'operator',
    sessionIds,
    client: { 'cf-connecting-ip': freshIp() },
  });

describe('dashboard users', () => {
  it('admin creates an operator, the invite link sets its password once, the operator signs in and sees its sessions', async () => {
    await edge.createSession('inv-a');
    const created = await edge.json('POST', '/api/v1/users', { body: { username: 'ann', sessionIds: ['inv-a'] }, headers: master() });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'ann', role: 'operator', sessionIds: ['inv-a'], state: 'invited' });
    expect(created.body.link.url).toMatch(/^http:\/\/localhost\/dashboard\/invite#token=wagi_[\w-]{43}$/);
    expect(Date.parse(created.body.link.expiresAt) - now).toBe(72 * HOUR);
    const stored = (await edge.db.$client.execute("select link_hash, password_hash from dashboard_users where username = 'ann'")).rows[0]!;
    expect(String(stored.link_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(String(stored.link_hash)).not.toContain(linkToken(created.body.link.url));

    expect((await login('ann', 'anything at all')).status).toBe(401);
    const token = linkToken(created.body.link.url);
    const accepted = await accept(token, 'correct horse battery');
    expect(accepted).toMatchObject({ status: 200, body: { userId: created.body.user.id, username: 'ann' } });
    expect((await accept(token, 'another password here')).body).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^token: this link is invalid, expired or already used/),
    });
    expect(String((await edge.db.$client.execute("select password_hash from dashboard_users where username = 'ann'")).rows[0]!.password_hash)).toMatch(
      /^pbkdf2-sha256\$100000\$/,
    );

    const signedIn = await login('ann', 'correct horse battery');
    expect(signedIn.body).toMatchObject({
      status: 'success',
      message: 'Signed in as operator ann.',
      principal: { kind: 'operator', userId: created.body.user.id, username: 'ann', sessionIds: ['inv-a'] },
    });
    const list = await edge.json('GET', '/api/v1/users', { headers: master() });
    expect(list.body.find((u: any) => u.username === 'ann')).toMatchObject({ state: 'active', linkExpiresAt: null });
    expect(JSON.stringify(list.body)).not.toMatch(/hash|pbkdf2/);
  });

  it('an operator reaches exactly its assigned sessions: the others are 403 or hidden, admin operations 403', async () => {
    const tokenA = await edge.createSession('op-a');
    const tokenB = await edge.createSession('op-b');
    const campaign = (token: string, sessionId: string) =>
      edge.json('POST', '/api/v1/campaigns', {
        body: {
          name: 'c',
          sessionId,
          scheduledAt: '2099-01-01T00:00:00.000Z',
          message: { type: 'text', content: 'Hi' },
          recipients: [{ number: '6281234567890' }],
        },
        headers: { authorization: `Bearer ${token}` },
      });
    const [campA, campB] = [(await campaign(tokenA, 'op-a')).body.id, (await campaign(tokenB, 'op-b')).body.id];
    const op = await newUser('olga', ['op-a']);
    const as = (method: string, path: string, body?: unknown) => edge.json(method, path, { body, headers: withCookie(op.cookie) });

    const sessions = await as('GET', '/api/v1/sessions');
    expect(sessions.body.map((s: any) => s.sessionId)).toEqual(['op-a']);
    expect(Object.keys(sessions.body[0]).sort()).toEqual(['defaultCountry', 'detail', 'proxy', 'qr', 'sessionId', 'status']);
    expect((await as('PATCH', '/api/v1/sessions/op-a', { defaultCountry: 'ID' })).status).toBe(200);
    const refused = await as('PATCH', '/api/v1/sessions/op-b', { defaultCountry: 'ID' });
    expect(refused).toMatchObject({ status: 403, body: { message: 'Your account is not assigned session op-b.' } });
    expect((await as('DELETE', '/api/v1/webhook', { sessionId: 'op-b' })).status).toBe(403);
    expect((await as('GET', `/api/v1/campaigns/${campA}`)).status).toBe(200);
    expect((await as('GET', `/api/v1/campaigns/${campB}`)).status).toBe(404);
    expect((await as('GET', '/api/v1/campaigns')).body.map((c: any) => c.id)).toEqual([campA]);
    const list = await as('POST', '/api/v1/recipient-lists', { name: 'ops list', recipients: [{ number: '6281234567890' }] });
    expect(list.status).toBe(201);
    // Owned by its session: that session's token sees it, the other's does not.
    const listOf = async (token: string) =>
      (await edge.json('GET', '/api/v1/recipient-lists', { headers: { authorization: `Bearer ${token}` } })).body.map((l: any) => l.id);
    expect(await listOf(tokenA)).toContain(list.body.id);
    expect(await listOf(tokenB)).not.toContain(list.body.id);
    for (const [method, path] of [
      ['POST', '/api/v1/sessions'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['GET', '/api/v1/audit'],
    ] as const)
      expect([path, (await as(method, path, method === 'POST' ? {} : undefined)).status]).toEqual([path, 403]);
  });

  it('an operator without sessions sees none and cannot create what a session must own', async () => {
    const op = await newUser('nell');
    const as = (method: string, path: string, body?: unknown) => edge.json(method, path, { body, headers: withCookie(op.cookie) });
    expect((await as('GET', '/api/v1/sessions')).body).toEqual([]);
    expect((await as('GET', '/api/v1/campaigns')).body).toEqual([]);
    expect((await as('GET', '/api/v1/recipient-lists')).body).toEqual([]);
    const list = await as('POST', '/api/v1/recipient-lists', { name: 'orphan', recipients: [{ number: '6281234567890' }] });
    expect(list).toMatchObject({ status: 403, body: { message: 'Your account is not assigned any session yet: ask an admin.' } });
  });

  it('an assignment change applies on the next request; deleting the session drops it, so a new session of that name is not reached', async () => {
    await edge.createSession('re-a');
    await edge.createSession('re-b');
    const op = await newUser('rita', ['re-a']);
    const as = (method: string, path: string, body?: unknown) => edge.json(method, path, { body, headers: withCookie(op.cookie) });
    expect((await as('GET', '/api/v1/webhook?sessionId=re-b')).status).toBe(403);
    const patched = await edge.json('PATCH', `/api/v1/users/${op.id}`, { body: { sessionIds: ['re-b'] }, headers: master() });
    expect(patched.body.user.sessionIds).toEqual(['re-b']);
    expect((await as('GET', '/api/v1/webhook?sessionId=re-b')).status).toBe(200);
    expect((await as('GET', '/api/v1/webhook?sessionId=re-a')).status).toBe(403);

    expect((await edge.json('DELETE', '/api/v1/sessions/re-b', { headers: master() })).status).toBe(200);
    await edge.createSession('re-b');
    expect((await as('GET', '/api/v1/webhook?sessionId=re-b')).status).toBe(403);
    expect((await edge.json('GET', '/api/v1/users', { headers: master() })).body.find((u: any) => u.id === op.id).sessionIds).toEqual([]);
  });

  it('a reset link replaces the open one and expires; using it changes the password and ends the old cookie', async () => {
    const op = await newUser('rob');
    const first = await edge.json('POST', `/api/v1/users/${op.id}/reset-link`, { headers: master() });
    const second = await edge.json('POST', `/api/v1/users/${op.id}/reset-link`, { headers: master() });
    expect(second.status).toBe(200);
    expect((await accept(linkToken(first.body.link.url), 'replaced link pw')).status).toBe(400);
    // The old password works until the link is used.
    expect((await login('rob', op.password)).status).toBe(200);
    expect((await accept(linkToken(second.body.link.url), 'brand new password')).status).toBe(200);
    expect((await login('rob', op.password)).status).toBe(401);
    expect((await login('rob', 'brand new password')).status).toBe(200);
    expect((await edge.json('GET', '/api/v1/auth/me', { headers: withCookie(op.cookie) })).status).toBe(401);

    const late = await edge.json('POST', `/api/v1/users/${op.id}/reset-link`, { headers: master() });
    now += 72 * HOUR + 1;
    try {
      expect((await accept(linkToken(late.body.link.url), 'too late for this')).status).toBe(400);
    } finally {
      now -= 72 * HOUR + 1;
    }
  });

  it('a dashboard admin has every right; deleting a user ends its sign-in at once', async () => {
    const admin = await newUser('ada', [], 'admin');
    const me = await edge.json('GET', '/api/v1/auth/me', { headers: withCookie(admin.cookie) });
    expect(me.body.principal).toEqual({ kind: 'admin', username: 'ada', userId: admin.id });
    expect((await edge.json('GET', '/api/v1/users', { headers: withCookie(admin.cookie) })).status).toBe(200);
    const op = await newUser('dora');
    expect((await edge.json('DELETE', `/api/v1/users/${op.id}`, { headers: withCookie(admin.cookie) })).status).toBe(200);
    expect((await edge.json('GET', '/api/v1/auth/me', { headers: withCookie(op.cookie) })).status).toBe(401);
    expect((await login('dora', op.password)).status).toBe(401);
    expect((await edge.json('DELETE', `/api/v1/users/${op.id}`, { headers: master() })).status).toBe(404);
  });

  it('limits sign-in attempts per client like the admin’s: wrong passwords for an operator end in 429', async () => {
    const op = await newUser('lim');
    const ip = '203.0.113.44';
    for (let i = 0; i < 4; i++) expect((await login('lim', 'wrong password', ip)).status).toBe(401);
    expect((await login('lim', op.password, ip)).status).toBe(429);
    expect((await login('lim', op.password)).status).toBe(200);
  });

  it.each([
    ['POST', '/api/v1/users', { username: 'has space' }, 'username'],
    ['POST', '/api/v1/users', { username: 'x', role: 'boss' }, 'role'],
    ['POST', '/api/v1/users', { username: 'x', sessionIds: 'op-a' }, 'sessionIds'],
    ['POST', '/api/v1/users', { username: 'x', sessionIds: ['no-such-session'] }, 'sessionIds.0'],
    ['PATCH', '/api/v1/users/user_1_aaaaaa', {}, 'role'],
    ['PATCH', '/api/v1/users/not-a-user-id', { role: 'admin' }, 'id'],
    ['POST', '/api/v1/auth/accept-invite', { token: 'wagi_x', password: 'short' }, 'password'],
    ['POST', '/api/v1/auth/accept-invite', { password: 'long enough password' }, 'token'],
  ])('%s %s with %j is 400 naming %s', async (method, path, body, field) => {
    const res = await edge.json(method, path, { body, headers: master() });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}[: ]`));
    expect(res.body.details[0].path).toBe(field);
  });

  it('refuses a second user of the same name, and the name of the configured admin (409); an unknown id is 404', async () => {
    expect((await edge.json('POST', '/api/v1/users', { body: { username: 'twin' }, headers: master() })).status).toBe(201);
    const twin = await edge.json('POST', '/api/v1/users', { body: { username: 'twin' }, headers: master() });
    expect(twin).toMatchObject({ status: 409, body: { message: 'A user named twin already exists.' } });
    const admin = await edge.json('POST', '/api/v1/users', { body: { username: edge.admin.username }, headers: master() });
    expect(admin).toMatchObject({ status: 409, body: { message: 'admin is the configured admin (ADMIN_USERNAME).' } });
    expect((await edge.json('PATCH', '/api/v1/users/user_1_aaaaaa', { body: { role: 'admin' }, headers: master() })).status).toBe(404);
    expect((await edge.json('POST', '/api/v1/users/user_1_aaaaaa/reset-link', { headers: master() })).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';
import { signClaims } from '../../auth/cookie.js';

const COOKIE_SECRET = 'test-cookie-secret';
const ORIGIN = 'http://localhost';
let stack: UnitEdge;
let locked: UnitEdge;
beforeAll(async () => {
  [stack, locked] = await Promise.all([
    startUnitEdge({ bindings: { COOKIE_SECRET, LOGIN_MAX_ATTEMPTS: '3' } }),
    startUnitEdge({ bindings: { ADMIN_PASSWORD: '' } }),
  ]);
});
afterAll(async () => Promise.all([stack?.close(), locked?.close()]));

type Req = { body?: unknown; cookie?: string; origin?: string | null; ip?: string; headers?: Record<string, string> };
async function call(s: UnitEdge, method: string, path: string, req: Req = {}) {
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.cookie) headers.cookie = `wag_dashboard=${req.cookie}`;
  if (req.origin !== null) headers.origin = req.origin ?? ORIGIN;
  headers['cf-connecting-ip'] = req.ip ?? '198.51.100.1';
  const res = await s.fetch(path, { method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body), redirect: 'manual' });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  const cookie = /wag_dashboard=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  return { status: res.status, body, cookie, headers: res.headers };
}
const login = (s: UnitEdge, body: unknown, req: Req = {}) => call(s, 'POST', '/api/v1/auth/login', { ...req, body });
const adminLogin = (s: UnitEdge, ip = '198.51.100.1') => login(s, { username: s.admin.username, password: s.admin.password }, { ip });

describe('POST /api/v1/auth/login', () => {
  it('signs the admin in with a signed HttpOnly SameSite=Strict cookie that expires', async () => {
    const res = await adminLogin(stack);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'success',
      message: 'Signed in as admin admin.',
      principal: { kind: 'admin', username: 'admin' },
      expiresAt: expect.any(String),
    });
    expect(res.headers.get('set-cookie')).toMatch(/^wag_dashboard=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it.each([
    [{ username: 'admin', password: 'wrong' }, 401, 'Wrong user name or password.'],
    [{ username: 'root', password: 'x' }, 401, 'Wrong user name or password.'],
    [{ token: 'wag_not-a-token' }, 401, 'Invalid or revoked session token.'],
    [{ username: 'admin' }, 400, 'password: username and password are both required'],
    [{}, 400, 'token: give either username and password (admin) or token (one session)'],
  ])('refuses %j with %i', async (body, status, message) => {
    const res = await login(stack, body, { ip: '198.51.100.2' });
    expect(res).toMatchObject({ status, body: { status: 'error', message }, cookie: undefined });
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const res = await login(stack, { username: 'admin', password: stack.admin.password }, { origin: 'https://evil.example', ip: '198.51.100.3' });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('Cross-site request refused');
  });

  it('limits attempts per client with 429 and Retry-After; other clients are unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await login(stack, { username: 'admin', password: 'guess' }, { ip: '203.0.113.7' })).status).toBe(401);
    const blocked = await adminLogin(stack, '203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/^Too many sign-in attempts from your address: try again in \d+ minute\(s\)\.$/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await adminLogin(stack, '203.0.113.8')).status).toBe(200);
  });

  it('says so when no admin password is configured; a session token still signs in', async () => {
    const res = await login(locked, { username: 'admin', password: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('Admin sign-in is not configured');
    const token = await locked.createSession('solo');
    expect((await login(locked, { token })).status).toBe(200);
  });

  it('refused attempts from many clients never lock the right password out of another client', async () => {
    for (let i = 0; i < 60; i++) expect((await login(locked, { username: 'admin', password: 'guess' }, { ip: `192.0.2.${i}` })).status).toBe(401);
    const token = await locked.createSession('still-in');
    expect((await login(locked, { token }, { ip: '192.0.2.201' })).status).toBe(200);
    for (let i = 0; i < 60; i++) expect((await login(stack, { username: 'admin', password: 'guess' }, { ip: `192.0.2.${i}` })).status).toBe(401);
    expect((await adminLogin(stack, '192.0.2.202')).status).toBe(200);
  });
});

describe('the cookie on the JSON API', () => {
  it('acts as admin (master rights) for same-origin changes and refuses them cross-site or without Origin', async () => {
    const { cookie } = await adminLogin(stack, '198.51.100.9');
    const created = await call(stack, 'POST', '/api/v1/sessions', { cookie, body: { sessionId: 'by-cookie' } });
    expect(created.status).toBe(201);
    const list = await call(stack, 'GET', '/api/v1/sessions', { cookie, origin: null });
    expect(list.body.find((s: any) => s.sessionId === 'by-cookie').token).toBe(created.body.token);
    for (const origin of ['https://evil.example', null]) {
      const res = await call(stack, 'DELETE', '/api/v1/sessions/by-cookie', { cookie, origin });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('Cross-site request refused');
    }
    const sameSite = await call(stack, 'DELETE', '/api/v1/sessions/by-cookie', { cookie, origin: null, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.status).toBe(200);
  });

  it('gives a session cookie its token’s scope only, returns its token from /auth/me, and dies with the session', async () => {
    const token = await stack.createSession('mine');
    await stack.createSession('theirs');
    const { cookie } = await login(stack, { token }, { ip: '198.51.100.10' });
    const me = await call(stack, 'GET', '/api/v1/auth/me', { cookie });
    expect(me.body).toEqual({ status: 'success', principal: { kind: 'session', sessionId: 'mine' }, token });
    expect((await call(stack, 'POST', '/api/v1/sessions', { cookie, body: { sessionId: 'x' } })).status).toBe(403);
    expect((await call(stack, 'GET', '/api/v1/webhook?sessionId=theirs', { cookie })).status).toBe(403);
    expect((await call(stack, 'GET', '/api/v1/webhook?sessionId=mine', { cookie })).status).toBe(200);
    const list = await call(stack, 'GET', '/api/v1/sessions', { cookie });
    expect(JSON.stringify(list.body)).not.toContain('wag_');
    expect((await call(stack, 'DELETE', '/api/v1/sessions/mine', { cookie })).status).toBe(200);
    expect((await call(stack, 'GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it('ignores a forged, expired or outdated cookie (anonymous), and a Bearer token or master key wins over the cookie', async () => {
    const { cookie } = await adminLogin(stack, '198.51.100.11');
    const [header, payload, mac] = cookie!.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(mac!.length)}`;
    const { fingerprint } = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const expired = await signClaims(COOKIE_SECRET, { kind: 'admin', username: 'admin', fingerprint, exp: Date.now() - 1000 });
    const oldPassword = await signClaims(COOKIE_SECRET, { kind: 'admin', username: 'admin', fingerprint: 'f'.repeat(32), exp: Date.now() + 60_000 });
    const otherKey = await signClaims('another-secret', { kind: 'admin', username: 'admin', fingerprint, exp: Date.now() + 60_000 });
    // alg "none": the claims with no signature at all.
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const bad of [forged, expired, oldPassword, otherKey, unsigned, 'garbage']) {
      const res = await call(stack, 'POST', '/api/v1/sessions', { cookie: bad, body: { sessionId: 'nope' } });
      expect(res.status).toBe(401);
    }
    const wrongBearer = await call(stack, 'GET', '/api/v1/auth/me', { cookie, headers: { authorization: 'Bearer wag_wrong' } });
    expect(wrongBearer.status).toBe(401);
    const master = await call(stack, 'GET', '/api/v1/auth/me', { cookie, headers: { 'x-master-key': stack.masterKey } });
    expect(master.body.principal).toEqual({ kind: 'master' });
  });

  it('logout clears the cookie; it needs the same origin', async () => {
    const { cookie } = await adminLogin(stack, '198.51.100.12');
    expect((await call(stack, 'POST', '/api/v1/auth/logout', { cookie, origin: 'https://evil.example' })).status).toBe(403);
    const res = await call(stack, 'POST', '/api/v1/auth/logout', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^wag_dashboard=; Max-Age=0; Path=\//);
  });
});

describe('dashboard pages', () => {
  it('send a visitor without a cookie to the sign-in page, and serve pages with a strict CSP to a signed-in one', async () => {
    const anonymous = await call(stack, 'GET', '/dashboard/campaigns', { origin: null });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard%2Fcampaigns');
    const { cookie } = await adminLogin(stack, '198.51.100.13');
    const page = await call(stack, 'GET', '/dashboard/campaigns', { cookie, origin: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(page.body).toContain('<script type="module" src="/dashboard/assets/campaigns.js">');
    expect((await call(stack, 'GET', '/dashboard/sessions/bad%20id', { cookie, origin: null })).status).toBe(404);
    expect((await call(stack, 'GET', '/dashboard/assets/nope.js', { origin: null })).status).toBe(404);
    expect((await call(stack, 'GET', '/dashboard/assets/app.css', { origin: null })).headers.get('content-type')).toContain('text/css');
    const login = await call(stack, 'GET', '/dashboard/login?next=https://evil.example', { origin: null });
    expect(login.body).toContain('data-next="/dashboard/overview"');
  });

  it('draw a QR only for a signed-in, same-origin caller and refuse an empty one', async () => {
    const { cookie } = await adminLogin(stack, '198.51.100.14');
    const qr = (body: string, req: Req) =>
      stack.fetch('/dashboard/qr', {
        method: 'POST',
        body,
        headers: { ...(req.cookie ? { cookie: `wag_dashboard=${req.cookie}` } : {}), ...(req.origin ? { origin: req.origin } : {}) },
        redirect: 'manual',
      });
    const ok = await qr('2@abc,def,ghi', { cookie, origin: ORIGIN });
    expect(ok.headers.get('content-type')).toBe('image/svg+xml');
    expect(await ok.text()).toMatch(/^<svg width="\d+" height="\d+" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((await qr('', { cookie, origin: ORIGIN })).status).toBe(400);
    expect((await qr('x', { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await qr('x', {})).status).toBe(303);
  });
});

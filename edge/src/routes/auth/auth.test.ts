import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';

const COOKIE_SECRET = 'test-cookie-secret';
const ORIGIN = 'http://localhost';
let stack: TestStack;
let locked: TestStack;
beforeAll(async () => {
  [stack, locked] = await Promise.all([
    startTestStack({ edge: { bindings: { COOKIE_SECRET, LOGIN_MAX_ATTEMPTS: '3' } } }),
    startTestStack({ edge: { bindings: { ADMIN_PASSWORD: '' } } }),
  ]);
});
afterAll(async () => Promise.all([stack?.close(), locked?.close()]));

type Req = { body?: unknown; cookie?: string; origin?: string | null; ip?: string; headers?: Record<string, string> };
async function call(s: TestStack, method: string, path: string, req: Req = {}) {
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
const login = (s: TestStack, body: unknown, req: Req = {}) => call(s, 'POST', '/api/v1/auth/login', { ...req, body });
const adminLogin = (s: TestStack, ip = '198.51.100.1') => login(s, { username: s.admin.username, password: s.admin.password }, { ip });

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
    expect(res.headers.get('set-cookie')).toMatch(/^wag_dashboard=[\w-]+\.[0-9a-f]{64}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
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

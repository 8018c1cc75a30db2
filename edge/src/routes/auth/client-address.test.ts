// Where the per-client sign-in limit takes the client's address from: the connection (through
// npm start's front, which overwrites a forged CF-Connecting-IP), or the header TRUST_PROXY names.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeFront, type EdgeFront } from '../../../../scripts/edge-front.js';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';

const ORIGIN = 'http://localhost';
let fronted: TestStack;
let front: EdgeFront;
let proxied: TestStack;
let behindTls: TestStack;
beforeAll(async () => {
  [fronted, proxied, behindTls] = await Promise.all([
    startTestStack({ edge: { port: 0, bindings: { LOGIN_MAX_ATTEMPTS: '3' } } }),
    startTestStack({ edge: { bindings: { LOGIN_MAX_ATTEMPTS: '3', TRUST_PROXY: 'X-Forwarded-For' } } }),
    startTestStack({ edge: { bindings: { PUBLIC_URL: 'https://wa.example.com' } } }),
  ]);
  front = await startEdgeFront({ target: fronted.url, port: 0, host: '127.0.0.1' });
});
afterAll(async () => Promise.all([front?.close(), fronted?.close(), proxied?.close(), behindTls?.close()]));

/** A sign-in through the front from the loopback address `from` (all of 127/8 is this machine). */
function loginThroughFront(from: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: front.url.port,
        localAddress: from,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${front.url.port}`, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

describe('behind npm start’s front', () => {
  it('a forged CF-Connecting-IP does not reset the count: the connection’s address is the client', async () => {
    for (let i = 0; i < 3; i++)
      expect((await loginThroughFront('127.0.0.2', { username: 'admin', password: 'guess' }, { 'cf-connecting-ip': `198.51.100.${i}` })).status).toBe(401);
    const forged = await loginThroughFront(
      '127.0.0.2',
      { username: fronted.admin.username, password: fronted.admin.password },
      { 'cf-connecting-ip': '198.51.100.99' },
    );
    expect(forged.status).toBe(429);
    expect((await loginThroughFront('127.0.0.3', { username: fronted.admin.username, password: fronted.admin.password })).status).toBe(200);
  });

  it('passes answers through unchanged', async () => {
    const res = await fetch(new URL('/api/v1/openapi.json', front.url));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});

describe('TRUST_PROXY', () => {
  const login = (forwardedFor: string, password: string) =>
    proxied.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': forwardedFor, 'cf-connecting-ip': '203.0.113.250' },
      body: JSON.stringify({ username: proxied.admin.username, password }),
    });

  it('takes the address the trusted proxy appended to X-Forwarded-For, not what the client put before it', async () => {
    for (let i = 0; i < 3; i++) expect((await login(`10.9.9.${i}, 192.0.2.50`, 'guess')).status).toBe(401);
    expect((await login('10.9.9.77, 192.0.2.50', proxied.admin.password)).status).toBe(429);
    expect((await login('192.0.2.51', proxied.admin.password)).status).toBe(200);
  });
});

describe('PUBLIC_URL behind TLS termination', () => {
  const login = (origin: string) =>
    behindTls.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'cf-connecting-ip': '192.0.2.9' },
      body: JSON.stringify({ username: behindTls.admin.username, password: behindTls.admin.password }),
    });

  it('accepts sign-in from the public origin with a Secure cookie, and refuses the internal one', async () => {
    const res = await login('https://wa.example.com');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect((await login('http://localhost')).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser } from '../../../../test-support/dashboard-users.js';
import { operationsOf } from '../../../../test-support/security/openapi-ops.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';
import { AUDITED_OPERATIONS, UNAUDITED_OPERATIONS } from '../../audit/operations.js';

const ORIGIN = 'http://localhost';
let now = Date.UTC(2030, 0, 1);
let edge: UnitEdge;
beforeAll(async () => {
  // A proxy of the operator's appends the client to X-Forwarded-For: the audit takes the last entry.
  edge = await startUnitEdge({ bindings: { TRUST_PROXY: 'x-forwarded-for' }, clock: () => now });
});
afterAll(async () => edge?.close());

let ips = 0;
const from = (ip = `198.51.100.${++ips}`) => ({ 'x-forwarded-for': `10.9.9.9, ${ip}` });
const master = (ip?: string) => ({ 'x-master-key': edge.masterKey, ...from(ip) });
const audit = async (query: string, headers: Record<string, string> = master()) => edge.json('GET', `/api/v1/audit${query}`, { headers });

describe('audit log', () => {
  it('records changes with who, what, target, status and the client address, and never a secret', async () => {
    const token = await edge.createSession('au-a');
    const bearer = { authorization: `Bearer ${token}`, ...from('203.0.113.10') };
    const hookUrl = 'https://user:hook-secret@example.com/hook';
    expect((await edge.json('POST', '/api/v1/webhook', { body: { sessionId: 'au-a', url: hookUrl }, headers: bearer })).status).toBe(200);
    const list = await edge.json('POST', '/api/v1/recipient-lists', { body: { name: 'L', recipients: [{ number: '6281234567890' }] }, headers: bearer });
    const imported = await edge.fetch(`/api/v1/recipient-lists/${list.body.id}/import`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/csv' },
      body: 'number,name\n6289876543210,Bo\n',
    });
    expect(imported.status).toBe(200);
    expect((await edge.json('PATCH', '/api/v1/sessions/au-a', { body: { defaultCountry: 'ID' }, headers: bearer })).status).toBe(200);
    // GETs and message traffic are not recorded.
    expect((await edge.json('GET', '/api/v1/webhook?sessionId=au-a', { headers: bearer })).status).toBe(200);

    const { body } = await audit('?sessionId=au-a');
    expect(body.entries.map((e: any) => [e.actor, e.action, e.target, e.status, e.address])).toEqual([
      ['session:au-a', 'session.update', 'au-a', 200, '203.0.113.10'],
      ['session:au-a', 'webhook.set', 'au-a', 200, '203.0.113.10'],
      // Created without the proxy's header: TRUST_PROXY names it, so the address is unknown.
      ['master', 'session.create', 'au-a', 201, 'unknown'],
    ]);
    expect(body.entries[0].detail).toEqual({ fields: ['defaultCountry'], defaultCountry: 'ID' });
    expect(body.entries[1].detail).toEqual({ fields: ['sessionId', 'url'] });
    expect(body.entries[0].at).toBe(new Date(now).toISOString());
    const listEntries = await audit(`?action=list&actor=session:au-a`);
    expect(listEntries.body.entries.map((e: any) => [e.action, e.target])).toEqual([
      ['list.import', list.body.id],
      ['list.create', list.body.id],
    ]);
    const stored = JSON.stringify((await edge.db.$client.execute('select * from audit_log')).rows);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain('hook-secret');
  });

  it('records sign-ins and refused sign-ins with the address, the user name tried and never the password or token', async () => {
    const signIn = (body: unknown, ip: string) => edge.json('POST', '/api/v1/auth/login', { body, headers: { origin: ORIGIN, ...from(ip) } });
    expect((await signIn({ username: 'mallory', password: 'guess-one' }, '203.0.113.66')).status).toBe(401);
    expect((await signIn({ token: 'wag_stolen-token' }, '203.0.113.67')).status).toBe(401);
    expect((await signIn({ username: edge.admin.username, password: edge.admin.password }, '203.0.113.68')).status).toBe(200);
    const op = await createSignedInUser(edge.fetch, { masterKey: edge.masterKey, origin: ORIGIN, username: 'otto', client: from('203.0.113.69') });

    const entries = (await audit('?action=auth.login&limit=4')).body.entries;
    expect(entries.map((e: any) => [e.actor, e.status, e.address, e.detail])).toEqual([
      [`user:${op.id}`, 200, '203.0.113.69', { method: 'password', username: 'otto' }],
      ['admin:admin', 200, '203.0.113.68', { method: 'password', username: 'admin' }],
      ['anonymous', 401, '203.0.113.67', { method: 'token', error: 'Invalid or revoked session token.' }],
      ['anonymous', 401, '203.0.113.66', { method: 'password', username: 'mallory', error: 'Wrong user name or password.' }],
    ]);
    const accepted = (await audit(`?action=user.accept-invite&actor=user:${op.id}`)).body.entries;
    expect(accepted.map((e: any) => [e.target, e.status, e.detail])).toEqual([[op.id, 200, {}]]);
    const created = (await audit(`?action=user.create`)).body.entries.find((e: any) => e.target === op.id);
    expect(created.detail).toEqual({ fields: ['username', 'role', 'sessionIds'], username: 'otto', role: 'operator', sessionIds: [] });
    const stored = JSON.stringify((await edge.db.$client.execute('select * from audit_log')).rows);
    for (const secret of ['guess-one', 'wag_stolen-token', edge.admin.password, op.password]) expect(stored).not.toContain(secret);
  });

  it('records an operator’s refused change of a session it is not assigned (403), not anonymous refusals', async () => {
    await edge.createSession('au-b');
    await edge.createSession('au-c');
    const op = await createSignedInUser(edge.fetch, {
      masterKey: edge.masterKey,
      origin: ORIGIN,
      username: 'opal',
      sessionIds: ['au-b'],
      client: from('203.0.113.70'),
    });
    const res = await edge.json('DELETE', '/api/v1/sessions/au-c', {
      headers: { cookie: `wag_dashboard=${op.cookie}`, origin: ORIGIN, ...from('203.0.113.71') },
    });
    expect(res.status).toBe(403);
    expect((await edge.json('DELETE', '/api/v1/sessions/au-c', { headers: from() })).status).toBe(401);
    const entries = (await audit('?sessionId=au-c&action=session.delete')).body.entries;
    expect(entries.map((e: any) => [e.actor, e.status, e.address, e.detail.error])).toEqual([
      [`user:${op.id}`, 403, '203.0.113.71', 'Your account is not assigned session au-c.'],
    ]);
  });

  it('pages newest first with a cursor and filters by since and until', async () => {
    const start = now;
    for (let i = 0; i < 5; i++) {
      now = start + (i + 1) * 60_000;
      await edge.createSession(`au-page-${i}`);
    }
    const since = new Date(start + 2 * 60_000).toISOString();
    const until = new Date(start + 5 * 60_000).toISOString();
    const seen: string[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null; pages++) {
      const { status, body }: { status: number; body: any } = await audit(
        `?action=session.create&since=${since}&until=${until}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...body.entries.map((e: any) => e.target));
      cursor = body.nextCursor;
      expect(pages).toBeLessThan(3);
    }
    expect(seen).toEqual(['au-page-3', 'au-page-2', 'au-page-1']);
  });

  it.each([
    ['?actor=root', 'actor'],
    ['?action=DROP%20TABLE', 'action'],
    ['?action=session%25', 'action'],
    ['?sessionId=no%20spaces', 'sessionId'],
    ['?since=yesterday', 'since'],
    ['?until=2030-13-01T00:00:00Z', 'until'],
    ['?limit=0', 'limit'],
    ['?cursor=abc', 'cursor'],
  ])('GET /audit%s is 400 naming %s', async (query, field) => {
    const res = await audit(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', message: expect.stringMatching(new RegExp(`^${field}`)), details: [{ path: field }] });
  });

  it('is for the master key and admins only', async () => {
    const token = await edge.createSession('au-tok');
    expect((await audit('', { authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await audit('', {})).status).toBe(401);
  });

  it('names every operation of the OpenAPI document that is not a GET as audited or not, and nothing else', async () => {
    const doc = (await edge.json('GET', '/api/v1/openapi.json')).body;
    const changes = operationsOf(doc)
      .map((op) => op.key)
      .filter((key) => !key.startsWith('GET '))
      .sort();
    expect([...Object.keys(AUDITED_OPERATIONS), ...UNAUDITED_OPERATIONS].sort()).toEqual(changes);
  });
});

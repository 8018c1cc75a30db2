import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { PNG } from '../../../../test-support/fixtures.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let otherToken: string;
beforeAll(async () => {
  stack = await startUnitEdge();
  otherToken = await stack.createSession('ar-someone-else');
});
afterAll(async () => stack?.close());

/** The documented limit (importing the shared constant here would load zod before the OpenAPI extension). */
const MAX_AUTO_REPLY_RULES = 50;
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const stored = (sessionId: string) => stack.db.select().from(t.autoReplyRules).where(eq(t.autoReplyRules.sessionId, sessionId)).orderBy(t.autoReplyRules.id);
const TEXT = { type: 'text', text: { body: 'Thanks, we will answer soon.' } };
const reloads = (sessionId: string) =>
  stack.hosts.calls.filter((c) => c.call === 'command' && c.sessionId === sessionId && c.command === 'auto-replies').map((c) => (c as { body: unknown }).body);

async function session(sessionId: string) {
  const token = await stack.createSession(sessionId);
  const call = (method: string, path = '', body?: unknown) =>
    stack.json(method, `/api/v1/sessions/${sessionId}/auto-replies${path}`, { body, headers: bearer(token) });
  return { token, call };
}

describe('auto-reply rules CRUD', () => {
  it('POST adds a rule with defaults (201) and tells the host; GET lists them in the order they are tried', async () => {
    const { call } = await session('ar-crud');
    const first = await call('POST', '', { match: 'contains', pattern: 'price', reply: TEXT });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      status: 'success',
      message: `Auto-reply rule ${first.body.rule.id} added to session ar-crud.`,
      rule: {
        id: expect.any(Number),
        name: null,
        enabled: true,
        priority: 0,
        match: 'contains',
        pattern: 'price',
        caseSensitive: false,
        reply: TEXT,
        groups: false,
        timeWindow: null,
        timeZone: 'UTC',
        cooldownSeconds: 3600,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const image = { type: 'image', image: { link: 'https://example.com/menu.png', caption: 'Our menu' } };
    const second = await call('POST', '', {
      name: 'Welcome',
      match: 'first_message',
      priority: 0,
      reply: image,
      timeWindow: '22:00-07:00',
      timeZone: 'Asia/Jakarta',
      cooldownSeconds: 60,
      groups: true,
    });
    expect(second.status).toBe(201);
    const late = await call('POST', '', { match: 'regex', pattern: '^order\\s+\\d+$', priority: 5, reply: TEXT });
    expect(reloads('ar-crud')).toEqual([{ action: 'reload' }, { action: 'reload' }, { action: 'reload' }]);

    const list = await call('GET');
    expect(list.status).toBe(200);
    expect(list.body.rules.map((r: { id: number }) => r.id)).toEqual([first.body.rule.id, second.body.rule.id, late.body.rule.id]);
    expect(list.body.rules[1]).toMatchObject({ name: 'Welcome', match: 'first_message', pattern: null, reply: image, groups: true, timeWindow: '22:00-07:00' });
    expect(await call('GET', `/${second.body.rule.id}`)).toEqual({ status: 200, body: { status: 'success', rule: list.body.rules[1] } });
    expect((await stored('ar-crud')).map((r) => [r.matchKind, r.inGroups, r.cooldownSeconds])).toEqual([
      ['contains', false, 3600],
      ['first_message', true, 60],
      ['regex', false, 3600],
    ]);
  });

  it('PATCH changes fields, checks the rule as a whole, and tells the host; DELETE removes it', async () => {
    const { call } = await session('ar-patch');
    const { body } = await call('POST', '', { match: 'exact', pattern: 'menu', reply: TEXT });
    const id = body.rule.id;
    const off = await call('PATCH', `/${id}`, { enabled: false, pattern: 'Menu', caseSensitive: true });
    expect(off.status).toBe(200);
    expect(off.body.rule).toMatchObject({ id, enabled: false, pattern: 'Menu', caseSensitive: true, match: 'exact' });
    expect((await stored('ar-patch'))[0]).toMatchObject({ enabled: false, pattern: 'Menu' });

    // A new kind must fit the pattern it keeps: first_message takes none, regex one that compiles.
    const kind = await call('PATCH', `/${id}`, { match: 'first_message' });
    expect(kind.status).toBe(400);
    expect(kind.body.details[0].path).toBe('pattern');
    expect((await call('PATCH', `/${id}`, { match: 'first_message', pattern: null })).body.rule).toMatchObject({ match: 'first_message', pattern: null });
    const badRegex = await call('PATCH', `/${id}`, { match: 'regex', pattern: '(a' });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.message).toContain('pattern is not a valid regular expression');
    expect((await stored('ar-patch'))[0]).toMatchObject({ matchKind: 'first_message', pattern: null });
    expect(reloads('ar-patch')).toHaveLength(3);

    const removed = await call('DELETE', `/${id}`);
    expect(removed).toEqual({ status: 200, body: { status: 'success', message: `Auto-reply rule ${id} of session ar-patch deleted.` } });
    expect(await stored('ar-patch')).toEqual([]);
    expect(reloads('ar-patch')).toHaveLength(4);
    for (const method of ['GET', 'DELETE']) expect((await call(method, `/${id}`)).status).toBe(404);
    expect((await call('PATCH', `/${id}`, { enabled: true })).status).toBe(404);
  });

  it('the audit log records each change with the rule as its target', async () => {
    const { call } = await session('ar-audit');
    const { body } = await call('POST', '', { match: 'contains', pattern: 'x', reply: TEXT });
    await call('PATCH', `/${body.rule.id}`, { priority: 3 });
    await call('DELETE', `/${body.rule.id}`);
    const rows = await stack.db.select().from(t.auditLog).where(eq(t.auditLog.sessionId, 'ar-audit')).orderBy(t.auditLog.id);
    expect(rows.filter((r) => r.action.startsWith('auto-reply.')).map((r) => [r.action, r.target, r.status])).toEqual([
      ['auto-reply.create', 'ar-audit', 201],
      ['auto-reply.update', String(body.rule.id), 200],
      ['auto-reply.delete', String(body.rule.id), 200],
    ]);
  });
});

describe('auto-reply rules validation', () => {
  it.each([
    [{ pattern: 'x', reply: TEXT }, 'match'],
    [{ match: 'sounds-like', pattern: 'x', reply: TEXT }, 'match'],
    [{ match: 'contains', reply: TEXT }, 'pattern'],
    [{ match: 'contains', pattern: '', reply: TEXT }, 'pattern'],
    [{ match: 'contains', pattern: 'x'.repeat(501), reply: TEXT }, 'pattern'],
    [{ match: 'first_message', pattern: 'hi', reply: TEXT }, 'pattern'],
    [{ match: 'regex', pattern: '(a', reply: TEXT }, 'pattern'],
    [{ match: 'regex', pattern: '(?<=a)b', reply: TEXT }, 'pattern'],
    [{ match: 'regex', pattern: '(.*){999}', reply: TEXT }, 'pattern is too complex'],
    [{ match: 'regex', pattern: 'a{100}'.repeat(7), reply: TEXT }, 'pattern is too complex'],
    [{ match: 'regex', pattern: '(a{100}b?)'.repeat(50_000), reply: TEXT }, 'pattern must be at most 500 characters'],
    [{ match: 'contains', pattern: 'x' }, 'reply'],
    [{ match: 'contains', pattern: 'x', reply: { type: 'poll', poll: {} } }, 'reply.type'],
    [{ match: 'contains', pattern: 'x', reply: { type: 'text', text: { body: '' } } }, 'text.body'],
    [{ match: 'contains', pattern: 'x', reply: { type: 'image', image: {} } }, 'link or id'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, timeWindow: '9-17' }, 'timeWindow'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, cooldownSeconds: 0 }, 'cooldownSeconds'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, cooldownSeconds: 1.5 }, 'cooldownSeconds'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, priority: -1 }, 'priority'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, groups: 'yes' }, 'groups'],
    [{ match: 'contains', pattern: 'x', reply: TEXT, extra: 1 }, 'extra'],
  ])('POST %j → 400 naming %s, nothing stored', async (body, field) => {
    const sessionId = `ar-bad-${Math.random().toString(36).slice(2, 8)}`;
    const { call } = await session(sessionId);
    const res = await call('POST', '', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', details: expect.any(Array) });
    expect(res.body.message).toContain(field);
    expect(await stored(sessionId)).toEqual([]);
    expect(reloads(sessionId)).toEqual([]);
  });

  it('a media reply must name an upload the session may send, of the right kind (as POST /messages checks it)', async () => {
    const { call, token } = await session('ar-media');
    const missing = `${crypto.randomUUID()}.png`;
    const unknown = await call('POST', '', { match: 'contains', pattern: 'x', reply: { type: 'image', image: { id: missing } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(`reply.image.id: media ${missing} not found`);
    expect(unknown.body.details[0].path).toBe('reply.image.id');
    const upload = await stack.upload(PNG, 'image/png', 'a.png', bearer(token));
    const notAudio = await call('POST', '', { match: 'contains', pattern: 'x', reply: { type: 'audio', audio: { id: upload.body.mediaId } } });
    expect(notAudio.status).toBe(400);
    expect(notAudio.body.message).toContain('not audio');
    const created = await call('POST', '', { match: 'contains', pattern: 'x', reply: { type: 'image', image: { id: upload.body.mediaId } } });
    expect(created.status).toBe(201);
    const patched = await call('PATCH', `/${created.body.rule.id}`, { reply: { type: 'document', document: { id: missing } } });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toContain('not found');
    expect((await stored('ar-media')).map((r) => JSON.parse(r.reply))).toEqual([{ type: 'image', image: { id: upload.body.mediaId } }]);
  });

  it('PATCH with nothing or an unknown field → 400; a malformed ruleId → 400 naming it; another session’s rule → 404', async () => {
    const { call } = await session('ar-bad-patch');
    const { body } = await call('POST', '', { match: 'contains', pattern: 'x', reply: TEXT });
    expect((await call('PATCH', `/${body.rule.id}`, {})).status).toBe(400);
    expect((await call('PATCH', `/${body.rule.id}`, { colour: 'red' })).body.message).toContain('colour');
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await call(method, '/abc', method === 'PATCH' ? { enabled: false } : undefined);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('ruleId');
    }
    const theirs = await stack.json('POST', '/api/v1/sessions/ar-someone-else/auto-replies', {
      body: { match: 'contains', pattern: 'y', reply: TEXT },
      headers: bearer(otherToken),
    });
    for (const method of ['GET', 'DELETE']) expect((await call(method, `/${theirs.body.rule.id}`)).status).toBe(404);
    expect((await call('PATCH', `/${theirs.body.rule.id}`, { enabled: false })).status).toBe(404);
    expect((await stored('ar-someone-else'))[0]).toMatchObject({ id: theirs.body.rule.id, enabled: true });
  });

  it(`at most ${MAX_AUTO_REPLY_RULES} rules per session: the next → 400 naming rules`, async () => {
    const { call } = await session('ar-bounded');
    const created = await Promise.all(
      Array.from({ length: MAX_AUTO_REPLY_RULES }, (_, i) => call('POST', '', { match: 'exact', pattern: `k${i}`, reply: TEXT })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(MAX_AUTO_REPLY_RULES).fill(201));
    const res = await call('POST', '', { match: 'exact', pattern: 'one too many', reply: TEXT });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'rules', message: res.body.message }]);
    expect(await stored('ar-bounded')).toHaveLength(MAX_AUTO_REPLY_RULES);
  });

  it('unknown session with the master key → 404', async () => {
    const res = await stack.json('GET', '/api/v1/sessions/nobody-here/auto-replies', { headers: { 'x-master-key': stack.masterKey } });
    expect(res.status).toBe(404);
    const post = await stack.json('POST', '/api/v1/sessions/nobody-here/auto-replies', {
      body: { match: 'contains', pattern: 'x', reply: TEXT },
      headers: { 'x-master-key': stack.masterKey },
    });
    expect(post.status).toBe(404);
  });
});

describe('auto-reply rules auth', () => {
  it('none 401, bogus token 401, another session 403; nothing changes; deleting the session removes its rules', async () => {
    const { call, token } = await session('ar-guarded');
    const { body } = await call('POST', '', { match: 'contains', pattern: 'kept', reply: TEXT });
    const id = body.rule.id;
    const calls: [string, string, unknown][] = [
      ['GET', '', undefined],
      ['POST', '', { match: 'contains', pattern: 'evil', reply: TEXT }],
      ['GET', `/${id}`, undefined],
      ['PATCH', `/${id}`, { enabled: false }],
      ['DELETE', `/${id}`, undefined],
    ];
    for (const [method, path, reqBody] of calls) {
      const url = `/api/v1/sessions/ar-guarded/auto-replies${path}`;
      expect((await stack.json(method, url, { body: reqBody })).status).toBe(401);
      expect((await stack.json(method, url, { body: reqBody, headers: bearer('wag_bogus') })).status).toBe(401);
      expect((await stack.json(method, url, { body: reqBody, headers: bearer(otherToken) })).status).toBe(403);
    }
    expect((await stored('ar-guarded')).map((r) => [r.pattern, r.enabled])).toEqual([['kept', true]]);
    expect((await stack.json('DELETE', '/api/v1/sessions/ar-guarded', { headers: bearer(token) })).status).toBe(200);
    expect(await stored('ar-guarded')).toEqual([]);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let a: Record<string, string>;
let b: Record<string, string>;
let master: Record<string, string>;
beforeAll(async () => {
  stack = await startUnitEdge();
  a = { authorization: `Bearer ${await stack.createSession('lists-a')}` };
  b = { authorization: `Bearer ${await stack.createSession('lists-b')}` };
  master = { 'x-master-key': stack.masterKey };
});
afterAll(async () => stack?.close());

const vip = {
  name: 'VIP Customers',
  description: 'High-value customers for exclusive offers',
  tags: ['VIP', 'Premium'],
  recipients: [
    { number: '+62 812-3456-7890', name: 'John Doe', jobTitle: 'CEO', companyName: 'Tech Corp', city: 'Jakarta' },
    { number: '6289876543210', name: 'Jane Smith', jobTitle: 'Marketing Director', companyName: 'Digital Agency', customFields: { tier: 'gold' } },
    { number: '6281234567890', name: 'John Again' },
  ],
};

async function createList(headers: Record<string, string>, body: Record<string, unknown> = vip) {
  const res = await stack.json('POST', '/api/v1/recipient-lists', { body, headers });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('POST /recipient-lists', () => {
  it('creates a list: 201, original id format, numbers normalized, duplicates merged, custom fields kept', async () => {
    const res = await stack.json('POST', '/api/v1/recipient-lists', { body: vip, headers: a });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'success', id: expect.stringMatching(/^list_\d{13}_[a-z0-9]{6}$/) });
    expect(res.body.list).toEqual({
      id: res.body.id,
      name: 'VIP Customers',
      description: 'High-value customers for exclusive offers',
      tags: ['VIP', 'Premium'],
      recipientCount: 2,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.any(String),
      lastUsed: null,
      usageCount: 0,
      sessionId: 'lists-a',
    });
    const got = await stack.json('GET', `/api/v1/recipient-lists/${res.body.id}`, { headers: a });
    expect(got.body.recipients).toEqual([
      { number: '6281234567890', name: 'John Again', jobTitle: 'CEO', companyName: 'Tech Corp', customFields: { city: 'Jakarta' } },
      { number: '6289876543210', name: 'Jane Smith', jobTitle: 'Marketing Director', companyName: 'Digital Agency', customFields: { tier: 'gold' } },
    ]);
  });

  it('an empty list is fine; the master key creates lists that belong to no session', async () => {
    const res = await stack.json('POST', '/api/v1/recipient-lists', { body: { name: 'Empty' }, headers: master });
    expect(res.status).toBe(201);
    expect(res.body.list).toMatchObject({ recipientCount: 0, tags: [], description: null, sessionId: null });
  });

  it.each([
    [{}, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'x', tags: 'VIP' }, 'tags'],
    [{ name: 'x', tags: [''] }, 'tags.0'],
    [{ name: 'x', recipients: [{ number: '12-34' }] }, 'recipients.0.number'],
    [{ name: 'x', recipients: [{ name: 'no number' }] }, 'recipients.0.number'],
    [{ name: 'x', recipients: [{ number: '6281234567890', name: 5 }] }, 'recipients.0.name'],
    [{ name: 'x', recipients: {} }, 'recipients'],
  ])('%j → 400 naming %s', async (body, field) => {
    const res = await stack.json('POST', '/api/v1/recipient-lists', { body, headers: a });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toContain(field);
    expect(res.body.details[0].path).toBe(field);
  });

  it('malformed JSON → 400, no credentials → 401, a wrong token → 401', async () => {
    expect((await stack.json('POST', '/api/v1/recipient-lists', { body: '{"name":', headers: a })).status).toBe(400);
    expect((await stack.json('POST', '/api/v1/recipient-lists', { body: vip })).status).toBe(401);
    expect((await stack.json('POST', '/api/v1/recipient-lists', { body: vip, headers: { authorization: 'Bearer wag_nope' } })).status).toBe(401);
  });
});

describe('GET /recipient-lists', () => {
  it('filters by search (name or description, case insensitive, wildcards literal) and by tag', async () => {
    const headers = { authorization: `Bearer ${await stack.createSession('lists-search')}` };
    const gold = await createList(headers, { name: 'Gold buyers', description: 'Spent 100% more', tags: ['Gold'] });
    const news = await createList(headers, { name: 'Newsletter', description: 'weekly GOLD digest', tags: ['news', 'weekly'] });
    const other = await createList(headers, { name: 'Others', tags: [] });
    const ids = async (query: string) => (await stack.json('GET', `/api/v1/recipient-lists${query}`, { headers })).body.map((l: any) => l.id);
    expect(await ids('')).toEqual([other, news, gold]);
    expect(await ids('?search=gold')).toEqual([news, gold]);
    expect(await ids('?search=100%25')).toEqual([gold]);
    expect(await ids('?search=%25')).toEqual([gold]);
    expect(await ids('?tag=WEEKLY')).toEqual([news]);
    expect(await ids('?tag=gold&search=buyers')).toEqual([gold]);
    expect(await ids('?tag=none')).toEqual([]);
  });

  it('needs credentials (401)', async () => {
    expect((await stack.json('GET', '/api/v1/recipient-lists')).status).toBe(401);
  });

  it('search longer than 200 characters → 400', async () => {
    const res = await stack.json('GET', `/api/v1/recipient-lists?search=${'x'.repeat(201)}`, { headers: a });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('search');
  });
});

describe('GET /recipient-lists/:id', () => {
  it('paginates recipients in list order', async () => {
    const recipients = Array.from({ length: 25 }, (_, i) => ({ number: `62811000000${String(i).padStart(2, '0')}`, name: `R${i}` }));
    const id = await createList(a, { name: 'Paged', recipients });
    const page2 = await stack.json('GET', `/api/v1/recipient-lists/${id}?page=2&pageSize=10`, { headers: a });
    expect(page2.status).toBe(200);
    expect(page2.body.recipients.map((r: any) => r.name)).toEqual(['R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16', 'R17', 'R18', 'R19']);
    expect(page2.body.pagination).toEqual({ page: 2, pageSize: 10, total: 25, totalPages: 3, hasMore: true });
    const last = await stack.json('GET', `/api/v1/recipient-lists/${id}?page=3&pageSize=10`, { headers: a });
    expect(last.body.recipients).toHaveLength(5);
    expect(last.body.pagination.hasMore).toBe(false);
    const all = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(all.body.recipients).toHaveLength(25);
    expect(all.body.pagination).toEqual({ page: 1, pageSize: 1000, total: 25, totalPages: 1, hasMore: false });
  });

  it.each(['page=0', 'pageSize=0', 'pageSize=5001', 'page=x'])('?%s → 400', async (query) => {
    const id = await createList(a, { name: 'q' });
    const res = await stack.json('GET', `/api/v1/recipient-lists/${id}?${query}`, { headers: a });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(query.split('=')[0]);
  });

  it('unknown id → 404, malformed id → 400', async () => {
    expect((await stack.json('GET', '/api/v1/recipient-lists/list_1_abcdef', { headers: a })).status).toBe(404);
    const bad = await stack.json('GET', '/api/v1/recipient-lists/nope', { headers: a });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('listId');
  });
});

describe('PUT, DELETE, clone', () => {
  it('PUT changes only the fields sent; recipients replace the whole set', async () => {
    const id = await createList(a);
    const renamed = await stack.json('PUT', `/api/v1/recipient-lists/${id}`, { body: { name: 'Updated VIP Customers', tags: ['VIP', 'Updated'] }, headers: a });
    expect(renamed.status).toBe(200);
    expect(renamed.body.list).toMatchObject({ name: 'Updated VIP Customers', description: vip.description, tags: ['VIP', 'Updated'], recipientCount: 2 });
    const replaced = await stack.json('PUT', `/api/v1/recipient-lists/${id}`, {
      body: { description: null, recipients: [{ number: '6281234567890', name: 'John Doe Updated', jobTitle: 'Senior CEO', companyName: 'Tech Corp Ltd' }] },
      headers: a,
    });
    expect(replaced.body.list).toMatchObject({ name: 'Updated VIP Customers', description: null, recipientCount: 1 });
    const got = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(got.body.recipients).toEqual([
      { number: '6281234567890', name: 'John Doe Updated', jobTitle: 'Senior CEO', companyName: 'Tech Corp Ltd', customFields: {} },
    ]);
  });

  it('PUT with nothing to change → 400; with a bad field → 400 naming it; unknown list → 404', async () => {
    const id = await createList(a);
    expect((await stack.json('PUT', `/api/v1/recipient-lists/${id}`, { body: {}, headers: a })).status).toBe(400);
    const bad = await stack.json('PUT', `/api/v1/recipient-lists/${id}`, { body: { recipients: [{ number: 'x' }] }, headers: a });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('recipients.0.number');
    expect((await stack.json('PUT', '/api/v1/recipient-lists/list_1_abcdef', { body: { name: 'x' }, headers: a })).status).toBe(404);
  });

  it('clone copies description, tags and recipients under a new name and id, with usage reset', async () => {
    const id = await createList(a);
    const res = await stack.json('POST', `/api/v1/recipient-lists/${id}/clone`, { body: { newName: 'VIP Customers Copy' }, headers: a });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(id);
    expect(res.body.list).toMatchObject({
      name: 'VIP Customers Copy',
      description: vip.description,
      tags: vip.tags,
      recipientCount: 2,
      usageCount: 0,
      sessionId: 'lists-a',
    });
    const [orig, copy] = await Promise.all([id, res.body.id].map((x) => stack.json('GET', `/api/v1/recipient-lists/${x}`, { headers: a })));
    expect(copy!.body.recipients).toEqual(orig!.body.recipients);
    expect((await stack.json('POST', `/api/v1/recipient-lists/${id}/clone`, { body: {}, headers: a })).body.message).toContain('newName');
    expect((await stack.json('POST', '/api/v1/recipient-lists/list_1_abcdef/clone', { body: { newName: 'x' }, headers: a })).status).toBe(404);
  });

  it('DELETE removes the list and its members; a second DELETE is 404', async () => {
    const id = await createList(a);
    const res = await stack.json('DELETE', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(res).toEqual({ status: 200, body: { status: 'success', message: `Recipient list ${id} deleted.` } });
    expect(await stack.db.select().from(t.recipientListMembers).where(eq(t.recipientListMembers.listId, id))).toHaveLength(0);
    expect((await stack.json('DELETE', `/api/v1/recipient-lists/${id}`, { headers: a })).status).toBe(404);
  });
});

describe('ownership', () => {
  it("session B neither sees nor changes session A's list (404 as if absent); the master key sees and manages all", async () => {
    const id = await createList(a, { name: 'A secret list', recipients: [{ number: '6281234567890' }] });
    const before = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    const listB = await stack.json('GET', '/api/v1/recipient-lists', { headers: b });
    expect(listB.body.map((l: any) => l.id)).not.toContain(id);
    const calls: [string, string, unknown][] = [
      ['GET', `/api/v1/recipient-lists/${id}`, undefined],
      ['PUT', `/api/v1/recipient-lists/${id}`, { name: 'stolen', recipients: [{ number: '6280000000000' }] }],
      ['POST', `/api/v1/recipient-lists/${id}/clone`, { newName: 'mine now' }],
      ['GET', `/api/v1/recipient-lists/${id}/export`, undefined],
      ['DELETE', `/api/v1/recipient-lists/${id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await stack.json(method, path, { body, headers: b });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.message).toBe(`Recipient list ${id} not found.`);
      expect((await stack.json(method, path, { body })).status).toBe(401);
    }
    const csv = await stack.fetch(`/api/v1/recipient-lists/${id}/import`, {
      method: 'POST',
      headers: { ...b, 'content-type': 'text/csv' },
      body: 'number\n6280000000001\n',
    });
    expect(csv.status).toBe(404);
    const stillA = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(stillA.body).toMatchObject({ name: 'A secret list', recipientCount: 1, updatedAt: before.body.updatedAt });
    expect(stillA.body.recipients.map((r: any) => r.number)).toEqual(['6281234567890']);

    const all = await stack.json('GET', '/api/v1/recipient-lists', { headers: master });
    expect(all.body.map((l: any) => l.id)).toContain(id);
    expect((await stack.json('PUT', `/api/v1/recipient-lists/${id}`, { body: { name: 'by master' }, headers: master })).body.list.name).toBe('by master');
    expect((await stack.json('DELETE', `/api/v1/recipient-lists/${id}`, { headers: master })).status).toBe(200);
  });
});

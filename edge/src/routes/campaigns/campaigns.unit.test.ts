import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { PNG } from '../../../../test-support/fixtures.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let a: Record<string, string>;
let master: Record<string, string>;
beforeAll(async () => {
  stack = await startUnitEdge();
  a = { authorization: `Bearer ${await stack.createSession('camp-a')}` };
  await stack.createSession('camp-b');
  master = { 'x-master-key': stack.masterKey };
});
afterAll(async () => stack?.close());

const launch = {
  name: 'Product Launch Campaign',
  sessionId: 'camp-a',
  message: { type: 'text', content: 'Hello {{Name}}, check out our new product at {{Company}}!' },
  recipients: [
    { number: '6281234567890', name: 'John Doe', companyName: 'Tech Corp' },
    { number: '+62 898-7654-3210', name: 'Jane', city: 'Bandung' },
    { number: '6281234567890', jobTitle: 'CEO' },
  ],
  settings: { delayBetweenMessages: 3000, maxRetries: 3 },
};

const create = (body: Record<string, unknown>, headers = a) => stack.json('POST', '/api/v1/campaigns', { body, headers });

describe('POST /campaigns', () => {
  it('creates a draft from inline recipients: 201, original id format, recipients copied at positions 0..n-1', async () => {
    const res = await create(launch);
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(id).toMatch(/^campaign_\d{13}_[a-z0-9]{6}$/);
    expect(res.body).toMatchObject({ status: 'success', message: 'Campaign Product Launch Campaign created.' });
    expect(res.body.campaign).toMatchObject({
      id,
      name: 'Product Launch Campaign',
      sessionId: 'camp-a',
      status: 'draft',
      scheduledAt: null,
      recipientCount: 2,
      statistics: { total: 2, sent: 0, failed: 0, pending: 2 },
      message: launch.message,
      settings: launch.settings,
      recipientListId: null,
    });
    const rows = await stack.db.select().from(t.campaignRecipients).where(eq(t.campaignRecipients.campaignId, id)).orderBy(t.campaignRecipients.position);
    expect(rows.map((r) => [r.position, r.number, r.name, r.jobTitle, r.status, JSON.parse(r.customFields)])).toEqual([
      [0, '6281234567890', 'John Doe', 'CEO', 'pending', {}],
      [1, '6289876543210', 'Jane', null, 'pending', { city: 'Bandung' }],
    ]);
  });

  it('settings default to 3000 ms and 3 retries; scheduledAt in the future gives status scheduled', async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const res = await create({ ...launch, settings: undefined, scheduledAt: at });
    expect(res.status).toBe(201);
    expect(res.body.campaign).toMatchObject({ status: 'scheduled', scheduledAt: at, settings: { delayBetweenMessages: 3000, maxRetries: 3 } });
    const jittered = await create({ ...launch, settings: { delayBetweenMessages: 1000, maxRetries: 1, jitterMs: 500 } });
    expect(jittered.body.campaign.settings).toEqual({ delayBetweenMessages: 1000, maxRetries: 1, jitterMs: 500 });
  });

  it('from a recipient list: copies its recipients in order, custom fields allowed as placeholders, bumps usageCount and lastUsed', async () => {
    const list = await stack.json('POST', '/api/v1/recipient-lists', {
      body: {
        name: 'Buyers',
        recipients: [
          { number: '6281111111111', name: 'A', tier: 'gold' },
          { number: '6282222222222', name: 'B' },
        ],
      },
      headers: a,
    });
    const listId = list.body.id;
    const res = await create({
      name: 'From list',
      sessionId: 'camp-a',
      message: { type: 'text', content: 'Hi {{name}}, {{TIER}} member' },
      recipientListId: listId,
    });
    expect(res.status).toBe(201);
    expect(res.body.campaign).toMatchObject({ recipientListId: listId, recipientCount: 2, statistics: { total: 2, pending: 2, sent: 0, failed: 0 } });
    const details = await stack.json('GET', `/api/v1/campaigns/${res.body.id}`, { headers: a });
    expect(details.body.recipients.map((r: any) => [r.position, r.number, r.customFields])).toEqual([
      [0, '6281111111111', { tier: 'gold' }],
      [1, '6282222222222', {}],
    ]);
    await create({ name: 'Again', sessionId: 'camp-a', message: { type: 'text', content: 'x' }, recipientListId: listId });
    const after = await stack.json('GET', `/api/v1/recipient-lists/${listId}?pageSize=1`, { headers: a });
    expect(after.body).toMatchObject({ usageCount: 2, lastUsed: expect.stringMatching(/^\d{4}-/) });
  });

  it('image by uploaded mediaId and document by link; content becomes the caption', async () => {
    const upload = await stack.upload(PNG, 'image/png', 'p.png', a);
    const image = await create({ ...launch, message: { type: 'image', mediaId: upload.body.mediaId, content: 'For {{Name}}' } });
    expect(image.status).toBe(201);
    expect(image.body.campaign.message).toEqual({ type: 'image', mediaId: upload.body.mediaId, caption: 'For {{Name}}' });
    const doc = await create({ ...launch, message: { type: 'document', link: 'https://example.com/a.pdf', filename: '{{Name}}.pdf', caption: 'Yours' } });
    expect(doc.status).toBe(201);
    expect(doc.body.campaign.message).toEqual({ type: 'document', link: 'https://example.com/a.pdf', filename: '{{Name}}.pdf', caption: 'Yours' });
  });

  it('refuses an unknown placeholder, naming the field and the placeholder', async () => {
    const res = await create({ ...launch, message: { type: 'text', content: 'Hi {{Name}} {{Nickname}}' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('message.content');
    expect(res.body.message).toContain('{{Nickname}}');
    expect(res.body.details).toEqual([{ path: 'message.content', message: res.body.message }]);
    const caption = await create({ ...launch, message: { type: 'image', link: 'https://example.com/x.png', caption: '{{Bogus}}' } });
    expect(caption.status).toBe(400);
    expect(caption.body.message).toMatch(/^message\.caption: unknown placeholder \{\{Bogus\}\}/);
    const filename = await create({ ...launch, message: { type: 'document', link: 'https://example.com/x.pdf', filename: '{{Nope}}.pdf' } });
    expect(filename.body.message).toContain('message.filename');
  });

  it('malformed JSON → 400', async () => {
    const res = await stack.json('POST', '/api/v1/campaigns', { body: '{"name":', headers: a });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
  });

  it('refuses scheduledAt in the past', async () => {
    const res = await create({ ...launch, scheduledAt: '2024-12-20T10:00:00.000Z' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('scheduledAt must be in the future');
  });

  it.each([
    [{ message: { type: 'video', content: 'x' } }, 'message.type'],
    [{ message: undefined }, 'message'],
    [{ message: { type: 'text' } }, 'message.content'],
    [{ message: { type: 'text', content: 'x'.repeat(4097) } }, 'message.content'],
    [{ message: { type: 'image' } }, 'message'],
    [{ message: { type: 'image', link: 'https://x.example/a.png', mediaId: 'f7e3e7a0-5e7a-4b0f-8b9a-9e7d6e6e2c3d.jpg' } }, 'message'],
    [{ message: { type: 'image', link: 'ftp://x.example/a.png' } }, 'message.link'],
    [{ message: { type: 'document', mediaId: '../etc/passwd' } }, 'message.mediaId'],
    [{ name: '' }, 'name'],
    [{ sessionId: 'bad id' }, 'sessionId'],
    [{ scheduledAt: 'tomorrow' }, 'scheduledAt'],
    [{ recipients: [] }, 'recipients'],
    [{ recipients: undefined }, 'recipients'],
    [{ recipientListId: 'list_1_abcdef' }, 'recipients'],
    [{ recipientListId: 'nope', recipients: undefined }, 'recipientListId'],
    [{ recipients: [{ number: '123' }] }, 'recipients.0.number'],
    [{ settings: { delayBetweenMessages: -1 } }, 'settings.delayBetweenMessages'],
    [{ settings: { maxRetries: 11 } }, 'settings.maxRetries'],
    [{ settings: { jitterMs: -5 } }, 'settings.jitterMs'],
  ])('%j → 400 naming %s', async (patch, field) => {
    const res = await create({ ...launch, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toContain(field);
  });

  it("another session's mediaId is refused as not found, as POST /messages does; the master key's upload is usable", async () => {
    const b = {
      authorization: `Bearer ${(await stack.json('GET', '/api/v1/sessions', { headers: master })).body.find((s: any) => s.sessionId === 'camp-b').token}`,
    };
    const theirs = await stack.upload(PNG, 'image/png', 'b.png', b);
    const res = await create({ ...launch, message: { type: 'image', mediaId: theirs.body.mediaId } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`message.mediaId: media ${theirs.body.mediaId} not found: upload it with POST /media first.`);
    expect(await stack.db.select().from(t.campaigns).where(eq(t.campaigns.sessionId, 'camp-a'))).not.toContainEqual(
      expect.objectContaining({ message: expect.stringContaining(theirs.body.mediaId) }),
    );
    const shared = await stack.upload(PNG, 'image/png', 'm.png', master);
    expect((await create({ ...launch, message: { type: 'image', mediaId: shared.body.mediaId } })).status).toBe(201);
  });

  it('a mediaId that was never uploaded → 400; an unknown or empty list → 404 / 400', async () => {
    const missing = await create({ ...launch, message: { type: 'image', mediaId: 'f7e3e7a0-5e7a-4b0f-8b9a-9e7d6e6e2c3d.jpg' } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('message.mediaId');
    const unknown = await create({ ...launch, recipients: undefined, recipientListId: 'list_1_abcdef' });
    expect(unknown.status).toBe(404);
    const empty = await stack.json('POST', '/api/v1/recipient-lists', { body: { name: 'Empty' }, headers: a });
    const none = await create({ ...launch, recipients: undefined, recipientListId: empty.body.id });
    expect(none.status).toBe(400);
    expect(none.body.message).toContain('no recipients');
  });

  it("sessionId must be the token's own session (403) and must exist (404); no credentials 401", async () => {
    const other = await create({ ...launch, sessionId: 'camp-b' });
    expect(other.status).toBe(403);
    const ghost = await create({ ...launch, sessionId: 'ghost' }, master);
    expect(ghost.status).toBe(404);
    expect(ghost.body.message).toBe('Session ghost not found.');
    expect((await stack.json('POST', '/api/v1/campaigns', { body: launch })).status).toBe(401);
    expect((await create({ ...launch, sessionId: 'camp-b' }, master)).status).toBe(201);
  });

  it("a session cannot build a campaign from another session's list (404)", async () => {
    const theirs = await stack.json('POST', '/api/v1/recipient-lists', {
      body: { name: 'B list', recipients: [{ number: '6281234567890' }] },
      headers: master,
    });
    const res = await create({ ...launch, recipients: undefined, recipientListId: theirs.body.id });
    expect(res.status).toBe(404);
  });
});

describe('campaign transitions → session hosts', () => {
  it("start and resume wake the session's host; pause and a refused transition do not", async () => {
    const id = (await create(launch)).body.id;
    const kicks = () => stack.hosts.of('camp-a').filter((c) => c.call === 'kick').length;
    const transition = async (action: string) => (await stack.json('POST', `/api/v1/campaigns/${id}/${action}`, { headers: a })).status;
    const before = kicks();
    expect(await transition('start')).toBe(200);
    expect(kicks()).toBe(before + 1);
    expect(await transition('pause')).toBe(200);
    expect(kicks()).toBe(before + 1);
    expect(await transition('pause')).toBe(409);
    expect(kicks()).toBe(before + 1);
    expect(await transition('resume')).toBe(200);
    expect(kicks()).toBe(before + 2);
  });
});

describe('API documentation', () => {
  it('documents every campaign and recipient-list route', async () => {
    const doc = (await stack.json('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/campaigns',
        '/campaigns/{campaignId}',
        '/campaigns/{campaignId}/start',
        '/campaigns/{campaignId}/pause',
        '/campaigns/{campaignId}/resume',
        '/campaigns/{campaignId}/events',
        '/recipient-lists',
        '/recipient-lists/{listId}',
        '/recipient-lists/{listId}/clone',
        '/recipient-lists/{listId}/import',
        '/recipient-lists/{listId}/export',
      ]),
    );
    expect(doc.paths['/campaigns'].post.responses['201']).toBeDefined();
    expect(doc.paths['/campaigns/{campaignId}/start'].post.responses['409'].description).toContain('status');
    expect(Object.keys(doc.paths['/recipient-lists/{listId}/import'].post.requestBody.content)).toEqual(['text/csv', 'multipart/form-data']);
    expect(Object.keys(doc.paths['/campaigns/{campaignId}/events'].get.responses['200'].content)).toEqual(['text/event-stream']);
  });
});

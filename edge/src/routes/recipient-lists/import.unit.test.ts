import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let a: Record<string, string>;
beforeAll(async () => {
  stack = await startUnitEdge();
  a = { authorization: `Bearer ${await stack.createSession('importer')}` };
});
afterAll(async () => stack?.close());

async function newList(name = 'Imported', recipients: unknown[] = []) {
  const res = await stack.json('POST', '/api/v1/recipient-lists', { body: { name, recipients }, headers: a });
  return res.body.id as string;
}

async function importCsv(id: string, csv: string, query = '', headers: Record<string, string> = a) {
  const res = await stack.fetch(`/api/v1/recipient-lists/${id}/import${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /recipient-lists/:id/import', () => {
  it('imports good rows, reports each bad row with its line number, merges duplicates in the file and with the list', async () => {
    const id = await newList('CSV', [{ number: '6281111111111', name: 'Existing', companyName: 'Old Co' }]);
    const csv = [
      'number,name,jobTitle,companyName,City',
      '+62 812-3456-7890,John Doe,CEO,Tech Corp,Jakarta',
      'abc,Bad Number,,,',
      '6289876543210,Jane Smith,,Digital Agency,',
      '(62) 812 3456 7890,,CTO,,',
      '6281111111111,,Buyer,,Surabaya',
      ',No Number,,,',
    ].join('\r\n');
    const res = await importCsv(id, csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'success',
      message: expect.stringContaining('2 row(s) skipped'),
      imported: 2,
      merged: 2,
      errors: [
        { line: 3, message: expect.stringMatching(/^number "abc" is not a phone number/) },
        { line: 7, message: expect.stringMatching(/^number is required/) },
      ],
      recipientCount: 3,
    });
    const got = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(got.body.recipientCount).toBe(3);
    expect(got.body.recipients).toEqual([
      { number: '6281111111111', name: 'Existing', jobTitle: 'Buyer', companyName: 'Old Co', customFields: { City: 'Surabaya' } },
      { number: '6281234567890', name: 'John Doe', jobTitle: 'CTO', companyName: 'Tech Corp', customFields: { City: 'Jakarta' } },
      { number: '6289876543210', name: 'Jane Smith', jobTitle: null, companyName: 'Digital Agency', customFields: {} },
    ]);
  });

  it('?mode=replace makes the CSV the whole list; a multipart upload with field "file" works too', async () => {
    const id = await newList('Replace', [{ number: '6281111111111' }, { number: '6282222222222' }]);
    const form = new FormData();
    form.append('file', new Blob(['phone;name\n6283333333333;Only One\n'], { type: 'text/csv' }), 'list.csv');
    const res = await stack.fetch(`/api/v1/recipient-lists/${id}/import?mode=replace`, { method: 'POST', headers: a, body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: 1, merged: 0, errors: [], recipientCount: 1 });
    const got = await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a });
    expect(got.body.recipients).toEqual([{ number: '6283333333333', name: 'Only One', jobTitle: null, companyName: null, customFields: {} }]);
  });

  it('refuses what cannot be read as a whole: no number column, empty file, broken quotes, bad mode, wrong type, no file field', async () => {
    const id = await newList();
    const noNumber = await importCsv(id, 'name,company\nJohn,X\n');
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.message).toContain('no number column');
    expect((await importCsv(id, '')).body.message).toContain('empty');
    const quotes = await importCsv(id, 'number,name\n6281234567890,"never closed\n');
    expect(quotes.status).toBe(400);
    expect(quotes.body.message).toContain('line 2');
    const mode = await importCsv(id, 'number\n6281234567890\n', '?mode=merge');
    expect(mode.status).toBe(400);
    expect(mode.body.message).toContain('mode');
    const json = await stack.json('POST', `/api/v1/recipient-lists/${id}/import`, { body: { number: '6281234567890' }, headers: a });
    expect(json.status).toBe(415);
    expect(json.body.message).toContain('text/csv');
    const form = new FormData();
    form.append('other', 'x');
    const noFile = await stack.fetch(`/api/v1/recipient-lists/${id}/import`, { method: 'POST', headers: a, body: form });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as any).message).toContain('file');
    expect((await importCsv('list_1_abcdef', 'number\n6281234567890\n')).status).toBe(404);
    expect((await importCsv(id, 'number\n6281234567890\n', '', {})).status).toBe(401);
    expect((await stack.json('GET', `/api/v1/recipient-lists/${id}`, { headers: a })).body.recipientCount).toBe(0);
  });

  it('more than 100,000 distinct recipients in one import → 400; a malformed multipart body → 400', async () => {
    const id = await newList();
    const rows = Array.from({ length: 100_001 }, (_, i) => `628${String(i).padStart(10, '0')}`);
    const res = await importCsv(id, `number\n${rows.join('\n')}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('at most 100000');
    const broken = await stack.fetch(`/api/v1/recipient-lists/${id}/import`, {
      method: 'POST',
      headers: { ...a, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'this is not multipart',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).message).toContain('multipart');
  });

  it('a CSV over 8 MB → 413', async () => {
    const id = await newList();
    const res = await importCsv(id, `number\n${'6281234567890\n'.repeat(650_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.message).toContain('8 MB');
  });
});

describe('GET /recipient-lists/:id/export', () => {
  it('exports CSV that imports back into the same recipients', async () => {
    const recipients = [
      { number: '6281234567890', name: 'Doe, John', jobTitle: 'CEO "the boss"', companyName: 'Tech Corp', city: 'Jakarta' },
      { number: '6289876543210', name: 'Jane', tier: 'gold' },
    ];
    const id = await newList('Export me', recipients);
    const res = await stack.fetch(`/api/v1/recipient-lists/${id}/export`, { headers: a });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.csv"`);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('number,name,jobTitle,companyName,city,tier');
    const copy = await newList('Round trip');
    expect((await importCsv(copy, csv)).body).toMatchObject({ imported: 2, merged: 0, errors: [] });
    const [orig, back] = await Promise.all([id, copy].map((x) => stack.json('GET', `/api/v1/recipient-lists/${x}`, { headers: a })));
    expect(back!.body.recipients).toEqual(orig!.body.recipients);
  });
});

describe('100,000 recipients', () => {
  it('imports a 100,000-row CSV in one request, then pages through it', async () => {
    const id = await newList('Big');
    const lines = ['number,name,companyName,Segment'];
    for (let i = 0; i < 100_000; i++) lines.push(`62800${String(i).padStart(8, '0')},Person ${i},Company ${i % 97},S${i % 5}`);
    const res = await importCsv(id, lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 100_000, merged: 0, errors: [], recipientCount: 100_000 });

    const page = await stack.json('GET', `/api/v1/recipient-lists/${id}?page=100&pageSize=1000`, { headers: a });
    expect(page.body.pagination).toEqual({ page: 100, pageSize: 1000, total: 100_000, totalPages: 100, hasMore: false });
    expect(page.body.recipients).toHaveLength(1000);
    expect(page.body.recipients[999]).toEqual({
      number: '6280000099999',
      name: 'Person 99999',
      jobTitle: null,
      companyName: 'Company 89',
      customFields: { Segment: 'S4' },
    });
    const lists = await stack.json('GET', '/api/v1/recipient-lists?search=Big', { headers: a });
    expect(lists.body[0]).toMatchObject({ id, recipientCount: 100_000 });

    const campaign = await stack.json('POST', '/api/v1/campaigns', {
      body: { name: 'Big send', sessionId: 'importer', message: { type: 'text', content: 'Hi {{Name}} ({{segment}})' }, recipientListId: id },
      headers: a,
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body.campaign).toMatchObject({ recipientCount: 100_000, statistics: { total: 100_000, sent: 0, failed: 0, pending: 100_000 } });
    const tail = await stack.json('GET', `/api/v1/campaigns/${campaign.body.id}?page=50&pageSize=2000`, { headers: a });
    expect(tail.body.recipients.at(-1)).toMatchObject({ position: 99_999, number: '6280000099999', status: 'pending' });
  });
});

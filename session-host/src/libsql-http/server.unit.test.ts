import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { startFixture, TOKEN, type Fixture } from './test-helpers.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await fx.close();
});

const exec = (sql: string) => ({ type: 'execute', stmt: { sql } });

describe('HTTP surface', () => {
  it('serves /v2 and /health, 404 JSON elsewhere', async () => {
    const h = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${fx.server.url}/v2`, { headers: h })).status).toBe(200);
    expect((await fetch(`${fx.server.url}/health`, { headers: h })).status).toBe(200);
    for (const path of ['/v3', '/v3/pipeline', '/nope']) {
      const r = await fetch(`${fx.server.url}${path}`, { headers: h });
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(await r.json()).toHaveProperty('message');
    }
    expect(fx.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects a wrong or missing token with 401 (raw and via the client)', async () => {
    const missing = await fetch(`${fx.server.url}/v2/pipeline`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/json');
    const wrong = await fx.post({ baton: null, requests: [] }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const bad = createClient({ url: fx.server.url, authToken: 'wrong-token' });
    await expect(bad.execute('SELECT 1')).rejects.toThrow();
    bad.close();
    const none = createClient({ url: fx.server.url });
    await expect(none.execute('SELECT 1')).rejects.toThrow();
    none.close();
  });

  it('speaks the raw pipeline protocol: batons, close, get_autocommit, store_sql, batch conditions', async () => {
    let r = await fx.post({
      baton: null,
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'SELECT ? + 1' },
        { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '41' }] } },
        exec('BEGIN'),
        { type: 'get_autocommit' },
        { type: 'describe', sql: 'SELECT :a AS x, ?2' },
      ],
    });
    expect(r.status).toBe(200);
    let body = (await r.json()) as any;
    expect(typeof body.baton).toBe('string');
    expect(body.base_url).toBeNull();
    expect(body.results[1].response.result.rows).toEqual([[{ type: 'integer', value: '42' }]]);
    expect(body.results[3].response).toEqual({ type: 'get_autocommit', is_autocommit: false });
    const desc = body.results[4].response.result;
    expect(desc.params).toEqual([{ name: ':a' }, { name: '?2' }]);
    expect(desc.cols.map((c: any) => c.name)).toEqual(['x', '?2']);
    expect(desc.is_readonly).toBe(true);
    const baton1 = body.baton;

    r = await fx.post({
      baton: baton1,
      requests: [
        {
          type: 'batch',
          batch: {
            steps: [
              { stmt: { sql: 'SELECT 1' } },
              { stmt: { sql: 'SELECT nope' }, condition: { type: 'ok', step: 0 } },
              { stmt: { sql: 'SELECT 3' }, condition: { type: 'error', step: 1 } },
              { stmt: { sql: 'SELECT 4' }, condition: { type: 'not', cond: { type: 'is_autocommit' } } },
              {
                stmt: { sql: 'SELECT 5' },
                condition: {
                  type: 'and',
                  conds: [
                    { type: 'ok', step: 1 },
                    { type: 'ok', step: 0 },
                  ],
                },
              },
              {
                stmt: { sql: 'SELECT 6' },
                condition: {
                  type: 'or',
                  conds: [
                    { type: 'ok', step: 1 },
                    { type: 'ok', step: 0 },
                  ],
                },
              },
            ],
          },
        },
        { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'float', value: 0.5 }] } },
        { type: 'execute', stmt: { sql_id: 99 } },
        { type: 'close' },
      ],
    });
    body = (await r.json()) as any;
    expect(body.baton).toBeNull();
    const batch = body.results[0].response.result;
    expect(batch.step_results.map((x: any) => (x ? x.rows[0][0].value : null))).toEqual(['1', null, '3', '4', null, '6']);
    expect(batch.step_errors[1].message).toMatch(/no such column/);
    expect(body.results[1].response.result.rows[0][0]).toEqual({ type: 'float', value: 1.5 });
    expect(body.results[2].type).toBe('error');
    expect(body.results[3]).toEqual({ type: 'ok', response: { type: 'close' } });

    // The closed stream's BEGIN was rolled back and the baton is dead.
    r = await fx.post({ baton: baton1, requests: [exec('SELECT 1')] });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toMatchObject({ code: 'STREAM_EXPIRED' });
    r = await fx.post({ baton: null, requests: [{ type: 'get_autocommit' }, { type: 'close' }] });
    body = (await r.json()) as any;
    expect(body.results[0].response.is_autocommit).toBe(true);
  });

  it('batons are single-use', async () => {
    let r = await fx.post({ baton: null, requests: [exec('SELECT 1')] });
    const { baton } = (await r.json()) as any;
    r = await fx.post({ baton, requests: [exec('SELECT 1')] });
    expect(r.status).toBe(200);
    r = await fx.post({ baton, requests: [exec('SELECT 1')] });
    expect(r.status).toBe(400);
  });

  it('survives garbage bodies with 400 JSON and keeps serving', async () => {
    const garbage: unknown[] = [
      '',
      'not json',
      '{"baton":',
      '[]',
      'null',
      '{"requests": 5}',
      { baton: 7, requests: [] },
      { baton: null, requests: [{ type: 'explode' }] },
      { baton: null, requests: [{ type: 'execute' }] },
      { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'integer', value: 'abc' }] } }] },
      { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'integer', value: '9223372036854775808' }] } }] },
      { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'weird' }] } }] },
      { baton: null, requests: [{ type: 'batch', batch: { steps: [{ stmt: { sql: 'SELECT 1' }, condition: { type: 'ok', step: 3 } }] } }] },
      { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT 1', sql_id: 1 } }] },
    ];
    for (const g of garbage) {
      const r = await fx.post(g);
      expect(r.status, JSON.stringify(g)).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(((await r.json()) as any).message, JSON.stringify(g)).toEqual(expect.any(String));
    }
    const notJsonCt = await fetch(`${fx.server.url}/v2/pipeline`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0xff, 0x00, 0x13, 0x37]),
    });
    expect(notJsonCt.status).toBe(400);

    const tooBig = await fx.post({ baton: null, requests: [exec(`SELECT '${'x'.repeat(100 * 1024)}'`)] });
    expect(tooBig.status).toBe(413);
    await tooBig.body?.cancel();

    const c = fx.client();
    const rs = await c.execute('SELECT 42 AS answer');
    expect(rs.rows[0]!.answer).toBe(42);
  });
});

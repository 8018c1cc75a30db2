import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnitEdge, type UnitEdge } from '../../test-support/unit-edge.js';

let stack: UnitEdge;
beforeAll(async () => {
  stack = await startUnitEdge();
});
afterAll(async () => stack?.close());

describe('API documentation', () => {
  it('GET /api/v1/openapi.json is generated from the zod routes', async () => {
    const res = await stack.json('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/sessions', '/sessions/{sessionId}', '/webhook', '/media', '/media/{mediaId}']));
    expect(res.body.paths['/sessions'].post.requestBody.content['application/json'].schema.properties.sessionId.pattern).toBe('^[A-Za-z0-9_-]{1,64}$');
    expect(res.body.paths['/media'].post.responses['413']).toBeDefined();
    expect(Object.keys(res.body.webhooks)).toEqual([
      'session.update',
      'message.received',
      'message.reaction',
      'message.edited',
      'message.revoked',
      'message.poll_vote',
      'message.status',
      'campaign.progress',
      'campaign.completed',
      'group.participants',
      'group.update',
      'ai.error',
    ]);
    expect(res.body.webhooks['message.poll_vote'].post.requestBody.content['application/json'].schema.properties.data.properties.options.type).toBe('array');
    expect(res.body.webhooks['message.received'].post.requestBody.content['application/json'].schema.properties.data.properties.from.type).toBe('string');
    expect(res.body.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer' },
      masterKey: { type: 'apiKey', name: 'X-Master-Key' },
    });
  });

  it('GET /docs redirects to the dashboard’s API control center', async () => {
    const res = await stack.fetch('/docs', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/api');
  });

  it('unknown paths answer a JSON 404', async () => {
    const res = await stack.json('GET', '/api/v1/nope');
    expect(res).toEqual({ status: 404, body: { status: 'error', message: 'Not found: GET /api/v1/nope' } });
  });
});

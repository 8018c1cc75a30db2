import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerToDeclaredBody } from '../../../test-support/raw-http.js';
import { startTestStack, type TestStack } from '../../../test-support/stack.js';

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.createSession('caller-a');
});
afterAll(async () => stack?.close());

const MB = 1024 * 1024;
const bearer = () => ({ authorization: `Bearer ${token}` });

async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await stack.fetch(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as never);
  return { status: res.status, body: (await res.json()) as { status: string; message: string } };
}

/** A body sent without Content-Length (chunked), so only counting while it streams can stop it. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new TextEncoder().encode('['.repeat(Math.min(64 * 1024, bytes - sent)));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('credentials are checked before the body is read', () => {
  it('an anonymous 29 MB body gets 401 from its head alone, and a broken one 401, not a validation error', async () => {
    for (const path of [
      '/api/v1/messages?sessionId=caller-a',
      '/api/v1/recipient-lists',
      '/api/v1/campaigns',
      '/api/v1/webhook',
      '/api/send-message',
      '/api/v1/legacy/send-message',
    ]) {
      const head = await answerToDeclaredBody(await stack.mf.ready, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        contentLength: 29 * MB,
        bodyPrefix: '{"to":',
      });
      expect(head, path).toMatch(/^HTTP\/1\.1 401/);
      expect(head).toContain('"status":"error"');
      expect((await post(path, '{"broken')).status, path).toBe(401);
    }
  });

  it('a session token on a master-key operation gets 403 before its body is validated', async () => {
    const res = await post('/api/v1/sessions', '{"sessionId": 12', bearer());
    expect(res).toEqual({ status: 403, body: { status: 'error', message: 'This action needs the master API key or an admin.' } });
  });
});

describe('JSON bodies are capped', () => {
  it('refuses a declared body over 1 MB with 413 in the error shape', async () => {
    const res = await post(
      '/api/v1/messages?sessionId=caller-a',
      JSON.stringify({ to: '6281234567890', type: 'text', text: { body: 'x'.repeat(MB) } }),
      bearer(),
    );
    expect(res).toEqual({ status: 413, body: { status: 'error', message: 'Request body too large: at most 1 MB.' } });
  });

  it('refuses a streamed body once it passes 1 MB', async () => {
    const res = await post('/api/v1/webhook', streamed(3 * MB), bearer());
    expect(res).toEqual({ status: 413, body: { status: 'error', message: 'Request body too large: at most 1 MB.' } });
  });

  it('caps the sign-in body at 16 KB', async () => {
    const res = await post('/api/v1/auth/login', JSON.stringify({ username: 'admin', password: 'x'.repeat(20_000) }), { origin: 'http://localhost' });
    expect(res).toEqual({ status: 413, body: { status: 'error', message: 'Request body too large: at most 16 KB.' } });
  });

  it('lets recipients inline reach the CSV import size (a 2 MB list is stored, 9 MB is refused)', async () => {
    const recipients = Array.from({ length: 50_000 }, (_, i) => ({ number: `62811${String(i).padStart(8, '0')}`, name: `Person ${i}` }));
    const body = JSON.stringify({ name: 'big inline', recipients });
    expect(body.length).toBeGreaterThan(2 * MB);
    const ok = await post('/api/v1/recipient-lists', body, bearer());
    expect(ok.status).toBe(201);
    const over = await post('/api/v1/recipient-lists', JSON.stringify({ name: 'too big', recipients, pad: 'x'.repeat(9 * MB) }), bearer());
    expect(over).toEqual({ status: 413, body: { status: 'error', message: 'Request body too large: at most 8 MB.' } });
  });
});

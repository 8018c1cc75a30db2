// Documents up to WhatsApp's 100 MB, sent by link (or uploaded with the streamed PUT /media and sent
// by mediaId): the session host streams them into a temporary file and Baileys reads it from
// there; the contact decrypts the same bytes. A larger one fails with a reason naming the limit,
// and the host keeps no temporary file either way.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { PDF } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startLinkServer } from '../test-support/link-server.js';
import { putMedia } from '../test-support/raw-http.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const MB = 1024 * 1024;
const BIG = 40 * MB;
const OVER = 100 * MB + 1;
const CAROL = '6283333333333';
let gw: Gateway;
let token: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let linkServer: Awaited<ReturnType<typeof startLinkServer>>;
let linkBase: string;
const block = randomBytes(MB);

/** A PDF of `size` bytes, the same on every call, made in 1 MB chunks and never held whole. */
function* pdfChunks(size: number): Generator<Buffer> {
  for (let at = 0, i = 0; at < size; at += MB, i++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(MB, size - at)));
    if (at === 0) PDF.copy(chunk);
    else chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

function sha256Of(chunks: Iterable<Uint8Array>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** The host's temporary document directories (mkdtemp names them wag-send-*). */
const sendDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('wag-send-'));

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(CAROL, { name: 'Carol' });
  token = await gw.pairSession('docs', '6280000000031', 'Docs Shop');
  receiver = await startWebhookReceiver();
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'docs', url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
  linkServer = await startLinkServer((req, res) => {
    const size = req.url === '/big.pdf' ? BIG : req.url === '/over.pdf' ? OVER : 0;
    if (!size) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': size });
    Readable.from(pdfChunks(size)).pipe(res);
  });
  linkBase = linkServer.base;
});
afterAll(async () => {
  await receiver?.close();
  linkServer?.close();
  await gw?.close();
});

const sendDocument = async (link: string, filename: string) => {
  const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=docs', {
    body: { recipient_type: 'individual', to: CAROL, type: 'document', document: { link, filename } },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return res.body[0].messageId as string;
};

describe('documents by link', () => {
  it('a 40 MB PDF reaches the contact byte for byte, and its temporary file is gone', async () => {
    const before = sendDirs();
    const id = await sendDocument(`${linkBase}/big.pdf`, 'Catalogue.pdf');
    const [sent] = await gw.sim.waitForSent(CAROL, { pred: (m) => m.id === id, timeoutMs: 120_000 });
    expect(sent).toMatchObject({ kind: 'document', fileName: 'Catalogue.pdf', mimetype: 'application/pdf' });
    expect(sent!.bytes!.length).toBe(BIG);
    expect(createHash('sha256').update(sent!.bytes!).digest('hex')).toBe(sha256Of(pdfChunks(BIG)));
    const hook = await receiver.waitFor((r) => r.body.event === 'message.status' && r.body.data.id === id);
    expect(hook.body.data.status).not.toBe('failed');
    // Removed right after the send returns: no event says so, the directory listing does.
    await vi.waitFor(() => expect(sendDirs().filter((dir) => !before.includes(dir))).toEqual([]), { timeout: 10_000, interval: 50 });
  });

  it('a 40 MB PDF uploaded with the streamed PUT /media and sent by mediaId arrives byte for byte', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const upload = await putMedia(
      await gw.stack.mf.ready,
      'Brochure.pdf',
      { ...auth, 'content-type': 'application/pdf', 'content-length': String(BIG) },
      pdfChunks(BIG),
    );
    expect(upload.status).toBe(201);
    const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=docs', {
      body: { recipient_type: 'individual', to: CAROL, type: 'document', document: { id: upload.body.mediaId, filename: 'Brochure.pdf' } },
      headers: auth,
    });
    const [sent] = await gw.sim.waitForSent(CAROL, { pred: (m) => m.id === res.body[0].messageId, timeoutMs: 120_000 });
    expect(sent).toMatchObject({ kind: 'document', fileName: 'Brochure.pdf', mimetype: 'application/pdf' });
    expect(createHash('sha256').update(sent!.bytes!).digest('hex')).toBe(sha256Of(pdfChunks(BIG)));
  });

  it('one of 100 MB + 1 byte fails with a reason naming the limit, leaving no temporary file', async () => {
    const before = sendDirs();
    const id = await sendDocument(`${linkBase}/over.pdf`, 'Too-big.pdf');
    const hook = await receiver.waitFor((r) => r.body.event === 'message.status' && r.body.data.id === id && r.body.data.status === 'failed');
    expect(hook.body.data.error).toBe(`media link refused: Response declares ${OVER} bytes; the limit is ${100 * MB} (at most 100 MB for this kind of media)`);
    const [row] = await gw.stack.host.db.select().from(t.messages).where(eq(t.messages.waMessageId, id));
    expect(row).toMatchObject({ status: 'failed', error: hook.body.data.error });
    expect(sendDirs().filter((dir) => !before.includes(dir))).toEqual([]);
    expect(gw.sim.sent().some((m) => m.id === id)).toBe(false);
  });
});

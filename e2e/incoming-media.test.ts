// Media a contact sends is the contact's choice in every respect: its size (announced and real),
// its type and its name. What is stored in S3 and what the webhook says, end to end.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '../shared/src/db/schema.js';
import { JPEG } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const MAX_BYTES = 64 * 1024;
const DANA = '6284444444444';
let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  gw = await startGateway({ MEDIA_MAX_INCOMING_BYTES: String(MAX_BYTES) });
  gw.sim.addContact(DANA, { name: 'Dana' });
  receiver = await startWebhookReceiver();
  const token = await gw.pairSession('inbox', '6280000000009', 'Inbox');
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'inbox', url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

/** Keys of the objects in the media bucket. */
async function storedKeys(): Promise<string[]> {
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = gw.stack.host.s3;
  const s3 = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  s3.destroy();
  return (list.Contents ?? []).map((o) => o.Key!);
}

async function received(content: Parameters<Gateway['sim']['sendFrom']>[1]) {
  const id = await gw.sim.sendFrom(DANA, content);
  return (await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === id)).body.data;
}

describe('incoming media limits', () => {
  it('a file announced over MEDIA_MAX_INCOMING_BYTES is not downloaded: nothing stored, the event says too-large', async () => {
    const before = await storedKeys();
    const data = await received({ document: { bytes: Buffer.alloc(1000, 7), fileName: 'movie.mp4', mimetype: 'video/mp4', fileLength: 2 * 1024 ** 3 } });
    expect(data.media).toEqual({ error: 'too-large', size: 2 * 1024 ** 3, maxBytes: MAX_BYTES, mimetype: 'video/mp4', fileName: 'movie.mp4' });
    expect(await storedKeys()).toEqual(before);
  });

  it('a file announced small but larger in fact is cut while streaming: nothing stored, too-large', async () => {
    const before = await storedKeys();
    const rows = await gw.stack.host.db.select().from(media);
    const data = await received({ document: { bytes: Buffer.alloc(4 * MAX_BYTES, 1), fileName: 'small.pdf', mimetype: 'application/pdf', fileLength: 100 } });
    expect(data.media).toMatchObject({ error: 'too-large', maxBytes: MAX_BYTES, mimetype: 'application/pdf' });
    expect(data.media.size).toBeGreaterThan(MAX_BYTES);
    expect(data.media).not.toHaveProperty('mediaId');
    expect(await storedKeys()).toEqual(before);
    expect(await gw.stack.host.db.select().from(media)).toHaveLength(rows.length);
  });

  it('media under the limit is stored whole, with the same bytes and shape as before', async () => {
    const data = await received({ image: { bytes: JPEG, mimetype: 'image/jpeg', caption: 'ok' } });
    expect(data.media).toEqual({ mediaId: expect.stringMatching(/\.jpg$/), url: `/media/${data.media.mediaId}`, mimetype: 'image/jpeg', size: JPEG.length });
    expect(await storedKeys()).toContain(data.media.mediaId);
    const res = await gw.stack.fetch(data.media.url);
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('a hostile mimetype is stored as application/octet-stream, a long file name is cut to 255 characters', async () => {
    const data = await received({
      document: { bytes: Buffer.from('plain bytes'), mimetype: `text/html\r\nSet-Cookie: a=b${'x'.repeat(5000)}`, fileName: `${'n'.repeat(1000)}\u0000.exe` },
    });
    expect(data.media).toMatchObject({ mimetype: 'application/octet-stream', url: expect.stringMatching(/\.bin$/) });
    expect(data.media.fileName).toBe('n'.repeat(255));
    const [row] = await gw.stack.host.db.select().from(media).where(eq(media.id, data.media.mediaId));
    expect(row).toMatchObject({ mimetype: 'application/octet-stream', originalName: 'n'.repeat(255), size: 'plain bytes'.length });
    const res = await gw.stack.fetch(data.media.url);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(await res.text()).toBe('plain bytes');
  });
});

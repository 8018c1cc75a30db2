import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { AAC, AMR, DOCX, GIF, JPEG, M4A, MP3, MP4, OGG_OPUS, OLE2, PDF, PNG, THREE_GP, WEBP, XLSX, zipWith } from '../../../../test-support/fixtures.js';
import { answerToDeclaredBody } from '../../../../test-support/raw-http.js';
import { s3ClientFor } from '../../../../test-support/s3-client.js';
import { FormData, startTestStack, type TestStack } from '../../../../test-support/stack.js';

const MB25 = 25 * 1024 * 1024;
let stack: TestStack;
let auth: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  stack = await startTestStack();
  auth = { authorization: `Bearer ${await stack.createSession('uploader')}` };
  s3 = s3ClientFor(stack.host.s3);
});
afterAll(async () => stack?.close());

async function s3Bytes(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: stack.host.s3.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

describe('POST /api/v1/media', () => {
  it.each([
    ['image/jpeg', 'photo.jpg', JPEG, 'jpg'],
    ['image/png', 'p.png', PNG, 'png'],
    ['image/gif', 'g.gif', GIF, 'gif'],
    ['image/webp', 'w.webp', WEBP, 'webp'],
    ['application/pdf', 'doc.pdf', PDF, 'pdf'],
    ['application/msword', 'old.doc', OLE2, 'doc'],
    ['application/vnd.ms-excel', 'old.xls', OLE2, 'xls'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'new.docx', DOCX, 'docx'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'new.xlsx', XLSX, 'xlsx'],
    ['video/mp4', 'clip.mp4', MP4, 'mp4'],
    ['video/3gpp', 'clip.3gp', THREE_GP, '3gp'],
    ['audio/ogg', 'voice.ogg', OGG_OPUS, 'ogg'],
    ['audio/mpeg', 'song.mp3', MP3, 'mp3'],
    ['audio/mp4', 'song.m4a', M4A, 'm4a'],
    ['audio/aac', 'song.aac', AAC, 'aac'],
    ['audio/amr', 'note.amr', AMR, 'amr'],
  ])('stores %s in S3 byte for byte and serves it back', async (type, name, bytes, ext) => {
    const res = await stack.upload(bytes, type, name, auth);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: 'success',
      message: 'File uploaded successfully.',
      mediaId: expect.stringMatching(new RegExp(`^[0-9a-f-]{36}\\.${ext}$`)),
      url: `/media/${res.body.mediaId}`,
    });
    expect((await s3Bytes(res.body.mediaId)).equals(bytes)).toBe(true);
    const [row] = await stack.host.db.select().from(t.media).where(eq(t.media.id, res.body.mediaId));
    expect(row).toMatchObject({ sessionId: 'uploader', mimetype: type, size: bytes.length, originalName: name });

    for (const path of [res.body.url, `/api/v1/media/${res.body.mediaId}`]) {
      const got = await stack.fetch(path);
      expect(got.status).toBe(200);
      // Office documents are downloads of opaque bytes; images, audio, video and PDF are shown inline.
      const inline = /^(image|audio|video)\//.test(type) || type === 'application/pdf';
      expect(got.headers.get('content-type')).toBe(inline ? type : 'application/octet-stream');
      expect(got.headers.get('content-disposition')).toBe(inline ? 'inline' : `attachment; filename="${res.body.mediaId}"`);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('accepts exactly 25 MB and refuses 25 MB + 1 byte with 413', async () => {
    const max = Buffer.alloc(MB25, 0x41);
    PDF.copy(max);
    const ok = await stack.upload(max, 'application/pdf', 'max.pdf', auth);
    expect(ok.status).toBe(201);
    expect((await s3Bytes(ok.body.mediaId)).equals(max)).toBe(true);

    const over = Buffer.concat([max, Buffer.from('!')]);
    const res = await stack.upload(over, 'application/pdf', 'over.pdf', auth);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ status: 'error', message: 'File too large. Maximum size is 25MB.' });
  });

  it('holds each kind to WhatsApp’s limit: images 5 MB, video and audio 16 MB, naming the type', async () => {
    for (const [head, type, limit] of [
      [JPEG, 'image/jpeg', 5],
      [MP4, 'video/mp4', 16],
      [OGG_OPUS, 'audio/ogg', 16],
    ] as const) {
      const max = Buffer.alloc(limit * 1024 * 1024, 0x41);
      head.copy(max);
      const ok = await stack.upload(max, type, 'max', auth);
      expect(ok.status).toBe(201);
      const res = await stack.upload(Buffer.concat([max, Buffer.from('!')]), type, 'over', auth);
      expect(res).toEqual({ status: 413, body: { status: 'error', message: `File too large. Maximum size for ${type} is ${limit}MB.` } });
    }
  });

  it('answers 413 to a declared length far over the limit before the body is sent', async () => {
    const head = await answerToDeclaredBody(await stack.mf.ready, {
      method: 'POST',
      path: '/api/v1/media',
      headers: { authorization: auth.authorization!, 'content-type': 'multipart/form-data; boundary=x' },
      contentLength: MB25 * 2,
      bodyPrefix: '--x\r\n',
    });
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(head).toContain('File too large. Maximum size is 25MB.');
  });

  it('refuses bytes that do not match the declared type', async () => {
    for (const [bytes, type] of [
      [PDF, 'image/png'],
      [Buffer.from('MZ\x90\x00 this is an exe'), 'image/jpeg'],
      [zipWith('payload.sh'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [XLSX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [JPEG, 'video/mp4'],
      [MP4, 'audio/ogg'],
      [OGG_OPUS, 'audio/mpeg'],
      [PDF, 'audio/amr'],
      [MP3, 'video/3gpp'],
    ] as const) {
      const res = await stack.upload(bytes, type, 'x', auth);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('does not match its declared type');
    }
  });

  it('refuses disallowed types with the documented message', async () => {
    for (const type of ['text/plain', 'image/svg+xml', 'application/zip', 'video/quicktime', 'audio/wav']) {
      const res = await stack.upload(Buffer.from('hello'), type, 'x', auth);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'error',
        message: 'Invalid file type. Only JPEG, PNG, GIF, WebP, PDF, Word, Excel, MP4 or 3GP video, and OGG, MP3, M4A, AAC or AMR audio allowed.',
      });
    }
  });

  it('refuses a form without a file field, an empty file and a non-multipart body with 400', async () => {
    const form = new FormData();
    form.append('other', 'value');
    const noFile = await stack.fetch('/api/v1/media', { method: 'POST', body: form, headers: auth });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as any).message).toContain('file');

    const empty = await stack.upload(Buffer.alloc(0), 'image/png', 'e.png', auth);
    expect(empty.status).toBe(400);

    const json = await stack.json('POST', '/api/v1/media', { body: { file: 'x' }, headers: auth });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject({ status: 'error', message: expect.stringContaining('multipart/form-data') });
  });

  it('auth: no token 401, wrong token 401, master key allowed', async () => {
    expect((await stack.upload(PNG, 'image/png', 'a.png')).status).toBe(401);
    expect((await stack.upload(PNG, 'image/png', 'a.png', { authorization: 'Bearer wag_nope' })).status).toBe(401);
    expect((await stack.upload(PNG, 'image/png', 'a.png', { 'x-master-key': 'nope' })).status).toBe(401);
    const res = await stack.upload(PNG, 'image/png', 'a.png', { 'x-master-key': stack.masterKey });
    expect(res.status).toBe(201);
  });
});

describe('GET /media/:mediaId', () => {
  it('404 for a well-formed id that does not exist', async () => {
    const res = await stack.fetch('/media/00000000-0000-4000-8000-000000000000.png');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 'error', message: 'Media 00000000-0000-4000-8000-000000000000.png not found.' });
  });

  it.each(['..%2F..%2Fsecrets.json', 'secrets.json', '..%5Csecrets.json', 'abc.jpg', '00000000-0000-4000-8000-000000000000.exe'])('400 for %s', async (id) => {
    for (const prefix of ['/media/', '/api/v1/media/']) {
      const res = await stack.fetch(prefix + id);
      expect(res.status).toBe(400);
    }
  });
});

describe('GET /media/:mediaId serves what contacts send without running it', () => {
  const SANDBOX = { csp: "default-src 'none'; sandbox", nosniff: 'nosniff' };

  async function stored(contentType: string, body: string | Uint8Array): Promise<string> {
    const key = `${crypto.randomUUID()}.bin`;
    await s3.send(new PutObjectCommand({ Bucket: stack.host.s3.bucket, Key: key, Body: body, ContentType: contentType }));
    return key;
  }

  it.each([
    ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'],
    ['text/html', '<script>fetch("/api/v1/sessions")</script>'],
    ['application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
    ['text/html; charset=utf-8', '<script>alert(1)</script>'],
    ['application/javascript', 'alert(1)'],
    ['IMAGE/SVG+XML', '<svg/>'],
    ['not a type at all', '<script>alert(1)</script>'],
  ])('a sender-chosen %s is a download of opaque bytes', async (type, body) => {
    const id = await stored(type, body);
    for (const path of [`/media/${id}`, `/api/v1/media/${id}`]) {
      const res = await stack.fetch(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}"`);
      expect(res.headers.get('content-security-policy')).toBe(SANDBOX.csp);
      expect(res.headers.get('x-content-type-options')).toBe(SANDBOX.nosniff);
      expect(await res.text()).toBe(body);
    }
  });

  it.each([
    ['image/jpeg', 'image/jpeg'],
    ['audio/ogg; codecs=opus', 'audio/ogg'],
    ['video/mp4', 'video/mp4'],
    ['application/pdf', 'application/pdf'],
  ])('%s is shown inline as %s, still sandboxed', async (type, served) => {
    const id = await stored(type, new Uint8Array([1, 2, 3]));
    const res = await stack.fetch(`/media/${id}`);
    expect(res.headers.get('content-type')).toBe(served);
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('content-security-policy')).toBe(SANDBOX.csp);
    expect(res.headers.get('x-content-type-options')).toBe(SANDBOX.nosniff);
  });

  it('error answers from /media carry the sandbox headers too', async () => {
    for (const path of ['/media/00000000-0000-4000-8000-000000000000.png', '/media/bad-id', '/api/v1/media/bad-id']) {
      const res = await stack.fetch(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-security-policy')).toBe(SANDBOX.csp);
      expect(res.headers.get('x-content-type-options')).toBe(SANDBOX.nosniff);
    }
  });
});

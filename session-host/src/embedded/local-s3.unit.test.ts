import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Credentials, startLocalS3, type LocalS3 } from './local-s3.js';
import { loadOrCreateSecrets } from './secrets.js';

const BUCKET = 'wa-gateway-media';

/** SHA-256 and HMAC-SHA256 for @smithy's signer (an independent SigV4 implementation), from node:crypto. */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBytes = (data: Bytes) =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Bytes) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: Bytes) {
    this.hash.update(toBytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

/** A GET URL for photo.jpg presigned the way @aws-sdk/s3-request-presigner does it. */
async function presignedPhotoUrl(options: { expiresIn: number; signingDate?: Date }): Promise<string> {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256 });
  const url = new URL(`${s3.endpoint}/${BUCKET}/photo.jpg`);
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      query: {},
    },
    options,
  );
  return `${url}?${new URLSearchParams(presigned.query as Record<string, string>)}`;
}
let dir: string;
let s3: LocalS3;
let credentials: { accessKeyId: string; secretAccessKey: string };

const clientWith = (creds: typeof credentials) =>
  new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: creds,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

async function stored(key: string): Promise<string> {
  const client = clientWith(credentials);
  const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  client.destroy();
  return out.Body!.transformToString();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wag-s3-'));
  credentials = localS3Credentials(loadOrCreateSecrets(dir).secrets);
  s3 = await startLocalS3({ directory: join(dir, 's3'), port: 0, bucket: BUCKET, credentials });
  const client = clientWith(credentials);
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'photo.jpg', Body: 'original bytes', ContentType: 'image/jpeg' }));
  client.destroy();
});
afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded S3 server', () => {
  it("generates its key pair into secrets.json, never s3rver's fixed one", () => {
    expect(credentials.accessKeyId).toMatch(/^WAG[0-9A-F]{20}$/);
    expect(credentials.secretAccessKey.length).toBeGreaterThanOrEqual(40);
    expect(loadOrCreateSecrets(dir).secrets).toMatchObject({ s3AccessKeyId: credentials.accessKeyId, s3SecretAccessKey: credentials.secretAccessKey });
  });

  it('the real client with the generated keys puts, lists and reads the same bytes', async () => {
    const client = clientWith(credentials);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doc.pdf', Body: Buffer.from('%PDF-1.4 bytes'), ContentType: 'application/pdf' }));
    const list = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    client.destroy();
    expect(list.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining(['doc.pdf', 'photo.jpg']));
    expect(await stored('doc.pdf')).toBe('%PDF-1.4 bytes');
  });

  it('a URL presigned with the generated keys is honoured', async () => {
    const res = await fetch(await presignedPhotoUrl({ expiresIn: 300 }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('original bytes');
  });

  it('refuses a presigned URL past its expiry', async () => {
    const res = await fetch(await presignedPhotoUrl({ expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) }));
    expect(res.status).toBe(403);
  });

  it('an older secrets.json without a key pair gets one added, its other secrets kept', () => {
    const old = mkdtempSync(join(tmpdir(), 'wag-s3-old-'));
    writeFileSync(join(old, 'secrets.json'), JSON.stringify({ masterApiKey: 'wamk_old', hostSharedSecret: 'h'.repeat(32), libsqlAuthToken: 't' }));
    const { secrets, created } = loadOrCreateSecrets(old);
    expect(created).toBe(false);
    expect(secrets).toMatchObject({ masterApiKey: 'wamk_old', s3AccessKeyId: expect.stringMatching(/^WAG/) });
    expect(JSON.parse(readFileSync(join(old, 'secrets.json'), 'utf8'))).toEqual(secrets);
    rmSync(old, { recursive: true, force: true });
  });

  it('refuses an anonymous listing, read and overwrite with 403, and the object keeps its bytes', async () => {
    expect((await fetch(`${s3.endpoint}/${BUCKET}`)).status).toBe(403);
    expect((await fetch(`${s3.endpoint}/`)).status).toBe(403);
    expect((await fetch(`${s3.endpoint}/${BUCKET}/photo.jpg`)).status).toBe(403);
    const put = await fetch(`${s3.endpoint}/${BUCKET}/photo.jpg`, { method: 'PUT', body: 'overwritten', headers: { 'content-type': 'text/html' } });
    expect(put.status).toBe(403);
    expect(await stored('photo.jpg')).toBe('original bytes');
  });

  it('refuses a cross-origin browser form POST (policy upload)', async () => {
    const form = new FormData();
    form.append('key', 'photo.jpg');
    form.append('Content-Type', 'text/html');
    form.append('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'x.html');
    const res = await fetch(`${s3.endpoint}/${BUCKET}`, { method: 'POST', body: form, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await stored('photo.jpg')).toBe('original bytes');
  });

  it("refuses requests signed with s3rver's S3RVER/S3RVER or with the right key id and a wrong secret", async () => {
    for (const creds of [
      { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      { accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    ]) {
      const client = clientWith(creds);
      const put = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'photo.jpg', Body: 'overwritten' }));
      await expect(put).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      await expect(client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      client.destroy();
    }
    expect(await stored('photo.jpg')).toBe('original bytes');
  });
});

import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';
import type { EmbeddedSecrets } from './secrets.js';
import { verifySigV4, type S3Credentials } from './sigv4-verify.js';

/** s3rver's built-in key pair: published in its source, so never accepted here. */
const S3RVER_FIXED_KEY = 'S3RVER';

/** The embedded S3 server's key pair, generated once into secrets.json. */
export function localS3Credentials(secrets: Pick<EmbeddedSecrets, 's3AccessKeyId' | 's3SecretAccessKey'>): S3Credentials {
  return { accessKeyId: secrets.s3AccessKeyId, secretAccessKey: secrets.s3SecretAccessKey };
}

export interface LocalS3 {
  endpoint: string;
  close(): Promise<void>;
}

/** An S3-compatible server over a local directory, for the embedded default and tests. Every
 * request must be signed (SigV4, header or presigned URL) with `credentials`; anything else,
 * browser form POSTs included, gets 403 before s3rver sees it. */
export async function startLocalS3(options: { directory: string; port: number; bucket: string; credentials: S3Credentials }): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const { credentials } = options;
  // s3rver still looks the key up in its (process-wide) registry after our check.
  DUMMY_ACCOUNT.revokeAccessKey(S3RVER_FIXED_KEY);
  DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  const server = new S3rver({ address: '127.0.0.1', port: options.port, directory: options.directory, silent: true });
  server.middleware.unshift((ctx, next) => {
    const contentType = String(ctx.headers['content-type'] ?? '');
    const verdict = contentType.startsWith('multipart/form-data')
      ? { ok: false as const, reason: 'form uploads are not accepted' }
      : safeVerify(ctx, credentials);
    if (verdict.ok) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${verdict.reason}</Message></Error>`;
  });
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  await ensureBucket(endpoint, options.bucket, credentials);
  return { endpoint, close: () => server.close() };
}

function safeVerify(request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, credentials: S3Credentials) {
  try {
    return verifySigV4(request, credentials);
  } catch {
    return { ok: false as const, reason: 'malformed request' }; // e.g. a bad %-escape in the query
  }
}

async function ensureBucket(endpoint: string, bucket: string, credentials: S3Credentials): Promise<void> {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}

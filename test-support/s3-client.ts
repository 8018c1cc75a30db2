import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../session-host/src/host.js';

/** An S3 client of the test's own on the bucket a running host uses, to look at stored bytes. */
export function s3ClientFor(s3: S3Settings): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

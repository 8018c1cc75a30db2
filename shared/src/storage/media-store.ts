import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  size: number | undefined;
}

/** Where uploaded media lives. The edge and the host use the same S3 bucket. */
export interface MediaStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** A body of known size streamed as it is read (a file, not a buffer). */
  putStream(key: string, body: NonNullable<PutObjectCommandInput['Body']>, size: number, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Resolves when the bucket answers (readiness); rejects when it is unreachable or missing. */
  reachable(): Promise<void>;
}

export interface S3Config {
  endpoint?: string;
  region?: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean;
}

export class S3MediaStore implements MediaStore {
  private s3: S3Client | undefined;

  constructor(private readonly config: S3Config) {}

  /** Built on first use: the edge makes a store per request, and most requests never touch media. */
  private get client(): S3Client {
    this.s3 ??= new S3Client({
      endpoint: this.config.endpoint,
      region: this.config.region ?? 'us-east-1',
      forcePathStyle: this.config.forcePathStyle ?? Boolean(this.config.endpoint),
      credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
      // The SDK's default checksums send aws-chunked bodies that S3-compatible servers store verbatim.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return this.s3;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }),
    );
  }

  async putStream(key: string, body: NonNullable<PutObjectCommandInput['Body']>, size: number, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: size }));
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      if (!out.Body) return null;
      return { body: out.Body.transformToWebStream(), contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength };
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  async reachable(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
  }
}

declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
  }
  /** Koa's middleware signature, as far as local-s3.ts uses it. */
  type Middleware = (
    ctx: { method: string; url: string; headers: Record<string, string | string[] | undefined>; status: number; type: string; body: unknown },
    next: () => Promise<void>,
  ) => unknown;
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Koa's middleware stack, composed when the server starts listening. */
    middleware: Middleware[];
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}

/** s3rver's account registry: the access keys its own (V2-only) signature check knows. */
declare module 's3rver/lib/models/account.js' {
  interface Account {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  }
  export const DUMMY_ACCOUNT: Account;
}

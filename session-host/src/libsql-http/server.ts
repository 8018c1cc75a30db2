/**
 * HTTP front of the local libSQL server: Hrana 2 over HTTP (`POST /v2/pipeline`, JSON).
 * Loopback only; optional bearer token; never crashes on bad input.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Connection } from './connection.js';
import { LockClosedError } from './mutex.js';
import { runPipeline } from './pipeline.js';
import { parsePipelineRequest, ProtocolError, type PipelineResponse, type StreamRequest } from './protocol.js';
import { StreamManager } from './streams.js';

export interface LibsqlHttpServerOptions {
  /** SQLite/libSQL database file (parent directory is created if missing). */
  file: string;
  /** Loopback address to bind: '127.0.0.1' (default), '::1' or 'localhost'. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** If set, every request must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
  logger?: Logger;
  /** Idle time after which a stream expires and its open transaction is rolled back (default 10 s). */
  streamIdleMs?: number;
  /** Request body limit in bytes (default 16 MiB); larger bodies get 413. */
  maxBodyBytes?: number;
}

export interface LibsqlHttpServer {
  /** e.g. `http://127.0.0.1:41234`, usable as `createClient({ url, authToken })`. */
  url: string;
  port: number;
  /** The same answers without HTTP, for a client in this process or a thread's port (port-transport.ts). */
  answer: AnswerRequest;
  close(): Promise<void>;
}

/** One request of the Hrana HTTP protocol, already past authentication, whatever carried it. */
export type AnswerRequest = (method: string, path: string, body: string | Buffer, signal?: AbortSignal) => Promise<Answer>;
export interface Answer {
  status: number;
  body: unknown;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const data = JSON.stringify(body);
  // Exactly `application/json` (no charset): the hrana client only parses error bodies then.
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    ...extraHeaders,
  });
  res.end(data);
}

function errorAnswer(e: HttpError): Answer {
  const body: Record<string, string> = { message: e.message };
  if (e.code !== undefined) body.code = e.code;
  return { status: e.status, body };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `request body larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE'));
      req.resume(); // drain so the client can read the answer; the socket closes after it
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new HttpError(413, `request body larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => reject(e));
  });
}

function needsConnection(requests: StreamRequest[]): boolean {
  return requests.some((r) => r.type !== 'close' && r.type !== 'store_sql' && r.type !== 'close_sql');
}

export async function startLibsqlHttpServer(opts: LibsqlHttpServerOptions): Promise<LibsqlHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`libsql-http: refusing to bind non-loopback host ${host}`);
  const log = opts.logger;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const tokenDigest = opts.authToken !== undefined ? digest(opts.authToken) : undefined;

  const conn = new Connection(opts.file);
  const streams = new StreamManager(conn, { idleMs: opts.streamIdleMs ?? 10_000, logger: log });
  let closing = false;

  const authorized = (req: IncomingMessage): boolean => {
    if (!tokenDigest) return true;
    const h = req.headers.authorization;
    if (typeof h !== 'string') return false;
    const m = /^Bearer\s+(.+)$/i.exec(h.trim());
    return m !== null && timingSafeEqual(digest(m[1] ?? ''), tokenDigest);
  };

  async function pipeline(raw: string | Buffer, signal?: AbortSignal): Promise<PipelineResponse> {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new HttpError(400, `invalid JSON body: ${(e as Error).message}`, 'BAD_REQUEST');
    }
    let parsed: ReturnType<typeof parsePipelineRequest>;
    try {
      parsed = parsePipelineRequest(json);
    } catch (e) {
      if (e instanceof ProtocolError) throw new HttpError(400, `invalid pipeline request: ${e.message}`, 'BAD_REQUEST');
      throw e;
    }
    if (closing) throw new HttpError(503, 'server is closing', 'SERVER_CLOSING');

    const stream = parsed.baton === null ? streams.open() : streams.claim(parsed.baton);
    if (!stream) throw new HttpError(400, 'The stream has expired due to inactivity', 'STREAM_EXPIRED');

    try {
      // close / store_sql / close_sql alone do not touch the connection: don't queue for it.
      if (needsConnection(parsed.requests)) {
        const t0 = Date.now();
        await streams.acquire(stream, signal);
        const waited = Date.now() - t0;
        if (waited >= 1000) {
          log?.warn({ stream: stream.id, waitedMs: waited }, 'libsql-http: request waited for a transaction held by another stream');
        }
      }
    } catch (e) {
      streams.abandon(stream);
      if (e instanceof LockClosedError) throw new HttpError(503, e.message, 'SERVER_CLOSING');
      throw e;
    }

    let results: ReturnType<typeof runPipeline>;
    try {
      results = runPipeline(conn, stream, parsed.requests);
    } catch (e) {
      // Not a SQL error but a bug: drop the stream (rolls back) so the connection is not stuck.
      streams.abandon(stream);
      throw e;
    }
    const baton = streams.finish(stream);
    return { baton, base_url: null, results };
  }

  const answer: AnswerRequest = async (method, path, body, signal) => {
    try {
      if (method === 'POST' && path === '/v2/pipeline') return { status: 200, body: await pipeline(body, signal) };
      if ((method === 'GET' || method === 'HEAD') && path === '/v2') return { status: 200, body: { version: 2 } };
      if ((method === 'GET' || method === 'HEAD') && path === '/health') return { status: 200, body: { ok: true, streams: streams.size } };
      throw new HttpError(404, `not found: ${method} ${path}`, 'NOT_FOUND');
    } catch (e) {
      return failure(e);
    }
  };

  function failure(e: unknown): Answer {
    if (!(e instanceof HttpError)) {
      log?.error({ err: e }, 'libsql-http: internal error');
      return errorAnswer(new HttpError(500, `internal error: ${String((e as Error)?.message ?? e)}`, 'INTERNAL_ERROR'));
    }
    if (e.status >= 500) log?.warn({ status: e.status, msg: e.message }, 'libsql-http: request failed');
    return errorAnswer(e);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req)) {
      req.resume();
      throw new HttpError(401, 'Unauthorized: missing or wrong bearer token', 'UNAUTHORIZED');
    }
    const path = (req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') || '/';
    const method = req.method ?? '?';
    if (method !== 'POST') req.resume();
    const body = method === 'POST' ? await readBody(req, maxBody) : '';
    // If the client goes away while we wait for the connection, give up our place in the queue.
    const abort = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    try {
      const { status, body: out } = await answer(method, path, body, abort.signal);
      sendJson(res, status, out);
    } finally {
      res.off('close', onClose);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const { status, body } = failure(e);
      sendJson(res, status, body, status === 413 ? { connection: 'close' } : undefined);
    });
  });
  // Node's 5 s default closed pooled connections the edge was about to reuse: under a burst of
  // POST /messages some queries failed with workerd's "Network connection lost" (48–101 of 900).
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    conn.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;
  const url = `http://${urlHost}:${port}`;
  log?.info({ url, file: opts.file }, 'libsql-http: listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    answer,
    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        streams.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        conn.close();
        log?.info({ url }, 'libsql-http: closed');
      })();
      return closed;
    },
  };
}

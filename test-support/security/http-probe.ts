// Raw HTTP to the edge over loopback (node:http, one connection per request): paths go out byte
// for byte (`%00`, `..%2f`, `%zz` are not normalized away as URL parsing would), and a connection
// the server drops is seen as such instead of as a thrown fetch.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  method: string;
  /** Path and query exactly as sent on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResult {
  /** 0 when there was no complete answer (see `dropped`). */
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  ms: number;
  /** Why there is no complete answer: a reset, a hang-up, a timeout. */
  dropped?: string;
}

const MAX_READ = 2 * 1024 * 1024;

/** Sends one request; never throws. An event stream is cut after its headers. */
export function send(base: URL, req: HttpRequest, timeoutMs = 20_000): Promise<HttpResult> {
  const started = Date.now();
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<HttpResult, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ms: Date.now() - started });
    };
    const headers = { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const outgoing = request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (String(res.headers['content-type']).includes('text/event-stream')) {
        res.destroy();
        return finish({ status, headers: res.headers, text: '', json: undefined });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_READ) chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        finish({ status, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', (err) => finish({ status: 0, headers: res.headers, text: '', json: undefined, dropped: `body cut after ${status}: ${errorText(err)}` }));
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ status: 0, headers: {}, text: '', json: undefined, dropped: `no complete answer within ${timeoutMs} ms` });
    }, timeoutMs);
    // A server that answers before reading a large body (413) may close while it is still being
    // written; the answer has usually arrived by then and wins the race in `finish`.
    outgoing.on('error', (err) => setTimeout(() => finish({ status: 0, headers: {}, text: '', json: undefined, dropped: errorText(err) }), 50));
    outgoing.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const errorText = (err: Error & { code?: string }) => err.code ?? err.message;

/** What is wrong with an answer whatever the input: a dropped connection, a 5xx (other than one
 * the operation documents, like 503 "no session host"), or an error that is not the API's
 * `{ status: "error", message }` JSON. */
export function answerProblems(result: HttpResult, documented5xx: readonly number[] = []): string[] {
  if (result.dropped) return [`dropped connection (${result.dropped})`];
  if (result.status >= 500 && !documented5xx.includes(result.status)) return [`server error ${result.status}`];
  if (result.status >= 400) {
    const body = result.json as { status?: unknown; message?: unknown } | undefined;
    if (!String(result.headers['content-type']).includes('application/json'))
      return [`${result.status} without a JSON body (content-type ${result.headers['content-type']})`];
    if (body?.status !== 'error' || typeof body.message !== 'string')
      return [`${result.status} body is not {status:'error', message}: ${result.text.slice(0, 120)}`];
  }
  return [];
}

/** A request as a person would retype it, with the body cut to `bodyPrefix` characters. */
export function reproducer(base: URL, req: HttpRequest, bodyPrefix = 300): string {
  const headers = Object.entries(req.headers).map(([k, v]) => `  ${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`);
  const body = req.body === undefined ? '' : typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('latin1');
  const size = req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.length;
  return [
    `${req.method} ${new URL(base).origin}${req.path}`,
    ...headers,
    ...(size ? [`  body (${size} bytes): ${JSON.stringify(body.slice(0, bodyPrefix))}${body.length > bodyPrefix ? '…' : ''}`] : []),
  ].join('\n');
}

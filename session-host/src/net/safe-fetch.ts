// Outbound HTTP(S) to URLs a user gave us (webhook receivers, media links of outgoing messages). Guards:
// - only http/https;
// - every address the hostname resolves to must be public (see address-class.ts), unless
//   allowPrivateNetwork (local development);
// - the socket connects to the very address that was checked: our own `lookup` hands the vetted
//   address to http.request, so a second DNS answer cannot swap in 127.0.0.1 (DNS rebinding);
// - one deadline covers DNS, connect, headers, body and every redirect hop;
// - the body is streamed (held, or written to a file) and the request aborted as soon as it
//   passes maxResponseBytes.
// Redirects: followed up to `maxRedirects` (default 3), each hop's URL and addresses re-checked
// exactly like the first. When the limit is reached the 3xx response itself is returned.
import { lookup as dnsLookup } from 'node:dns/promises';
import { createWriteStream } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https, { type Agent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { classifyAddress } from './address-class.js';
import { byteCap } from './byte-cap.js';
import type { PinnedConnections } from './pinned-connections.js';

export type SafeFetchErrorReason = 'private-address' | 'timeout' | 'too-large' | 'bad-url' | 'network';

export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError';
  constructor(
    readonly reason: SafeFetchErrorReason,
    message: string,
    options?: { cause?: unknown; address?: string },
  ) {
    super(message, options);
    this.address = options?.address;
  }

  /** The resolved address involved, for server logs only: messages never name it. */
  readonly address: string | undefined;
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** One deadline for the whole exchange, redirects included. Default 10 s. */
  timeoutMs?: number;
  /** Larger bodies abort with 'too-large'. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Past maxResponseBytes, return the status with the body cut at the limit instead of failing:
   * for callers that only need the status (a webhook receiver answering 200 with a big page). */
  truncateBody?: boolean;
  /** Local development only: lets loopback and LAN addresses through. */
  allowPrivateNetwork?: boolean;
  /** Exact addresses let through although not public (one known internal receiver), the rest
   * of the private ranges staying closed. */
  allowAddresses?: readonly string[];
  /** Sends the request through this proxy (a session's): still to the vetted address, so the
   * proxy resolves nothing and the guard above holds. */
  agent?: Agent;
  /** Default 3; 0 returns a 3xx as is. */
  maxRedirects?: number;
  /** Aborts the request (reported as 'network' with the signal's reason as cause). */
  signal?: AbortSignal;
  /** Keeps connections open between requests (not through a proxy `agent`). */
  connections?: PinnedConnections;
  /** Streams the body into this file (created 0600) instead of holding it: `body` is then empty.
   * For bodies too large to buffer; maxResponseBytes still applies, truncateBody does not. */
  bodyToFile?: string;
}

export interface SafeFetchResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Checks the URL and resolves its host; refuses when any resolved address is not public. */
export async function vetUrl(raw: string | URL, allow: { allowPrivateNetwork?: boolean; allowAddresses?: readonly string[] } = {}): Promise<VettedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('bad-url', `Not an absolute URL: ${String(raw).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SafeFetchError('bad-url', `Only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new SafeFetchError('bad-url', 'URLs with credentials are not fetched');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new SafeFetchError('bad-url', 'URL has no host');

  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch (err) {
      throw new SafeFetchError('network', `Could not resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
  }
  // Refuse when any answer is private: otherwise which address gets used is up to the resolver.
  if (!allow.allowPrivateNetwork) {
    for (const { address } of addresses) {
      const reason = allow.allowAddresses?.includes(address) ? null : classifyAddress(address);
      // The message ends up in lastError, which API clients read: it must not reveal what the
      // host's internal DNS answered, so the address itself stays in the error's `address` only.
      if (reason)
        throw new SafeFetchError('private-address', `${host} resolves to a non-public address (${reason}); only public addresses are allowed`, { address });
    }
  }
  const first = addresses[0];
  if (!first) throw new SafeFetchError('network', `${host} has no addresses`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A lookup that answers with the vetted address whatever name it is asked for. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    // Node >= 20 asks with { all: true } when autoSelectFamily is on and expects an array.
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function once(
  target: VettedTarget,
  method: string,
  body: Uint8Array | undefined,
  headers: OutgoingHttpHeaders,
  limit: { maxBytes: number; truncate: boolean; file?: string },
  signal: AbortSignal,
  agent: Agent | undefined,
  connections: PinnedConnections | undefined,
) {
  const { maxBytes, truncate, file } = limit;
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const { url } = target;
    const transport = url.protocol === 'https:' ? https : http;
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const route = agent
      ? // The proxy is asked to CONNECT to the vetted address; the name stays for Host, SNI and the certificate.
        { host: target.address, servername: isIP(hostname) ? undefined : hostname, agent, headers: { host: url.host } }
      : // a pooled socket only from the pool of the address vetted for this request
        { host: hostname, lookup: pinnedLookup(target.address, target.family), agent: connections?.agentFor(url, target.address) ?? false, headers: {} };
    const req = transport.request(
      {
        protocol: url.protocol,
        host: route.host,
        ...(route.servername ? { servername: route.servername } : {}),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: { ...route.headers, ...headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
        ...('lookup' in route ? { lookup: route.lookup } : {}),
        agent: route.agent,
        signal,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const overflow = (message: string) => {
          if (!truncate) return req.destroy(new SafeFetchError('too-large', message));
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).subarray(0, maxBytes) });
          req.destroy(); // stop reading; the promise is already settled
        };
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return overflow(`Response declares ${declared} bytes; the limit is ${maxBytes}`);
        if (file) {
          const cap = byteCap(maxBytes, () => new SafeFetchError('too-large', `Response passed the limit of ${maxBytes} bytes`));
          pipeline(res, cap, createWriteStream(file, { mode: 0o600 })).then(() => resolve({ status, headers: res.headers, body: Buffer.alloc(0) }), reject);
          return;
        }
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > maxBytes) overflow(`Response passed the limit of ${maxBytes} bytes`);
        });
        res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept connection the receiver closed while it was idle: once more, on a new connection.
      if (req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !signal.aborted)
        return resolve(once(target, method, body, headers, limit, signal, agent, undefined));
      reject(err);
    });
    req.end(body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function safeFetch(url: string | URL, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1 << 20;
  const maxRedirects = options.maxRedirects ?? 3;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new SafeFetchError('timeout', `No complete answer within ${timeoutMs} ms`)), timeoutMs);
  // The caller's signal is forwarded by hand rather than with AbortSignal.any, whose followers
  // of a long-lived signal (the dispatcher's) are not released promptly on Node 20.
  const external = options.signal;
  const forward = () => deadline.abort(external?.reason);
  if (external?.aborted) forward();
  else external?.addEventListener('abort', forward, { once: true });
  const signal = deadline.signal;

  let method = (options.method ?? 'GET').toUpperCase();
  let body = typeof options.body === 'string' ? new TextEncoder().encode(options.body) : options.body;
  let headers: Record<string, string> = { ...options.headers };
  let current: string | URL = url;
  let target: VettedTarget | undefined;
  try {
    for (let hop = 0; ; hop++) {
      target = await raceAbort(vetUrl(current, options), signal);
      const limit = { maxBytes, truncate: options.truncateBody ?? false, file: options.bodyToFile };
      const res = await once(target, method, body, headers, limit, signal, options.agent, options.connections);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || !location || hop >= maxRedirects) return { ...res, url: target.url.href };
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        throw new SafeFetchError('bad-url', `Redirect to an invalid location: ${location.slice(0, 200)}`);
      }
      // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
      }
      // Credentials meant for one origin are not handed to another.
      if (next.origin !== target.url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|cookie)$/i.test(name)));
      current = next;
    }
  } catch (err) {
    throw toSafeFetchError(err, signal, target);
  } finally {
    clearTimeout(timer);
    external?.removeEventListener('abort', forward);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Socket errors name the address they failed on ("connect ECONNREFUSED 10.1.2.3:80"): the
 * message says the URL's host instead; the original stays the cause. */
function toSafeFetchError(err: unknown, signal: AbortSignal, target: VettedTarget | undefined): SafeFetchError {
  if (err instanceof SafeFetchError) return err;
  // An aborted request surfaces as an AbortError whose cause is the signal's reason.
  if (signal.aborted && signal.reason instanceof SafeFetchError) return signal.reason;
  if (signal.aborted) return new SafeFetchError('network', 'Request aborted', { cause: signal.reason });
  const code = (err as NodeJS.ErrnoException)?.code ?? 'request failed';
  const host = target ? target.url.hostname : 'the host';
  return new SafeFetchError('network', `${code} while talking to ${host}`, { cause: err, address: target?.address });
}

// The session host's own queries to the embedded database, without HTTP. @libsql/client's HTTP
// client takes a `fetch`: this one hands each Hrana request to the database thread over a
// MessagePort, where the server answers it exactly as it answers HTTP (server.ts `answer`). A
// profile of warm sends had a fifth of the host's CPU in undici and loopback socket writes to its
// own database; a port message costs a copy of the JSON text. The edge keeps using HTTP.
import type { MessagePort } from 'node:worker_threads';
import type { AnswerRequest } from './server.js';

interface PortRequest {
  id: number;
  method: string;
  path: string;
  body: string;
}
interface PortAnswer {
  id: number;
  status: number;
  body: string;
}

/** The database thread's side: answers every request that arrives on `port`. */
export function servePort(port: MessagePort, answer: AnswerRequest): void {
  port.on('message', (request: PortRequest) => {
    void answer(request.method, request.path, request.body).then(({ status, body }) =>
      port.postMessage({ id: request.id, status, body: JSON.stringify(body) } satisfies PortAnswer),
    );
  });
}

/** The host's side: a `fetch` for `createClient({ url, fetch })` that never opens a socket. */
export function portFetch(port: MessagePort): typeof fetch {
  let nextId = 0;
  let closed = false;
  const waiting = new Map<number, { resolve: (a: PortAnswer) => void; reject: (e: Error) => void }>();
  port.on('message', (a: PortAnswer) => {
    waiting.get(a.id)?.resolve(a);
    waiting.delete(a.id);
  });
  // The database thread ended (host shutdown or a crash there): nothing pending may wait forever.
  port.on('close', () => {
    closed = true;
    for (const w of waiting.values()) w.reject(new Error('the embedded database thread has stopped'));
    waiting.clear();
  });
  // The worker thread keeps the process alive while it runs; the port must not keep it alive after.
  port.unref();
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    // Only the path matters on the port: `http://127.0.0.1:PORT/v2/pipeline` → `/v2/pipeline`.
    const path =
      request.url
        .slice(request.url.indexOf('/', request.url.indexOf('//') + 2))
        .split('?')[0]!
        .replace(/\/+$/, '') || '/';
    const body = request.method === 'POST' ? await request.text() : '';
    if (closed) throw new Error('the embedded database thread has stopped');
    const id = nextId++;
    const answer = await new Promise<PortAnswer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      port.postMessage({ id, method: request.method, path, body } satisfies PortRequest);
    });
    return portResponse(answer);
  }) as typeof fetch;
}

/** What @libsql/client's HTTP stream reads of an answer (`ok`, `status`, the content type, the
 * body as JSON or text): a whole `Response` per query, and reading its body as a stream, was a
 * tenth of the host's database work. */
const JSON_HEADERS = new Headers({ 'content-type': 'application/json' });

function portResponse({ status, body }: PortAnswer): Response {
  const bytes = () => new TextEncoder().encode(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: JSON_HEADERS,
    body: null,
    bodyUsed: false,
    json: async () => JSON.parse(body),
    text: async () => body,
    arrayBuffer: async () => bytes().buffer,
    bytes: async () => bytes(),
  } as unknown as Response;
}

// A loopback stand-in for an OpenAI-compatible chat API (POST /v1/chat/completions): records every
// request (headers and body) and answers as the test tells it: a reply made from the request, an
// HTTP error, garbage, or no answer at all. The edge of the world, faked; nothing leaves the machine.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CompletionRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model: string; messages: { role: string; content: string }[] };
}

export type FakeBehaviour =
  /** `after`: the answer waits for it (a slow model the test releases). */
  | { kind: 'reply'; text: (request: CompletionRequest) => string; after?: Promise<void> }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'garbage' }
  /** Holds the request open without answering (the caller's timeout ends it). */
  | { kind: 'silent' };

export async function startFakeOpenAi(initial: FakeBehaviour = { kind: 'reply', text: () => 'Hello from the fake AI' }) {
  const requests: CompletionRequest[] = [];
  let behaviour = initial;
  const held = new Set<ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    req.on('end', async () => {
      const request: CompletionRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
      requests.push(request);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end('not found');
      if (behaviour.kind === 'silent') return void held.add(res);
      if (behaviour.kind === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
      if (behaviour.kind === 'status') return void res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(behaviour.body ?? '{}');
      const { text, after } = behaviour;
      await after;
      const content = text(request);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          model: request.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    baseUrl,
    requests,
    /** The most requests the fake held open at once. */
    get maxInFlight() {
      return maxInFlight;
    },
    behave(next: FakeBehaviour) {
      behaviour = next;
    },
    /** Waits for the `count`-th request matching `pred` (polling the record; the caller's test has no time bound). */
    async waitForRequest(pred: (r: CompletionRequest) => boolean = () => true, count = 1): Promise<CompletionRequest> {
      for (;;) {
        const hits = requests.filter(pred);
        if (hits.length >= count) return hits[count - 1]!;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL where nothing listens (a port opened and closed again): an endpoint that is down. */
export async function downEndpointUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

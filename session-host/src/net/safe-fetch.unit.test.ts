import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../../../test-support/proxies.js';
import { sessionProxyFor } from '../connection/session-proxy.js';
import { safeFetch, SafeFetchError, type SafeFetchErrorReason } from './safe-fetch.js';

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  '/echo': (req, res, body) => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-extra': 'yes' });
    res.end(JSON.stringify({ method: req.method, body, sig: req.headers['x-sig'] ?? null }));
  },
  '/slow': (_req, res) => {
    res.writeHead(200);
    res.write('partial');
    // never ends: the deadline must cut it
  },
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'content-length': String(10_000) });
    res.end(Buffer.alloc(10_000));
  },
  '/big-streamed': (_req, res) => {
    res.writeHead(200);
    let sent = 0;
    const push = () => {
      if (sent >= 100_000 || res.destroyed) return res.end();
      sent += 1000;
      res.write(Buffer.alloc(1000, 1), () => setImmediate(push));
    };
    push();
  },
  '/redirect-to-echo': (_req, res) => {
    res.writeHead(307, { location: '/echo' });
    res.end();
  },
  '/redirect-303': (_req, res) => {
    res.writeHead(303, { location: '/echo' });
    res.end();
  },
  '/redirect-loop': (_req, res) => {
    res.writeHead(302, { location: '/redirect-loop' });
    res.end();
  },
  '/redirect-ftp': (_req, res) => {
    res.writeHead(302, { location: 'ftp://example.com/file' });
    res.end();
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(404).end('nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function reasonOf(promise: Promise<unknown>): Promise<SafeFetchErrorReason> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SafeFetchError);
  return (err as SafeFetchError).reason;
}

const dev = { allowPrivateNetwork: true } as const;

describe('safeFetch on a loopback receiver (allowPrivateNetwork)', () => {
  it('POSTs the body and headers and returns status, headers and body', async () => {
    const res = await safeFetch(`${base}/echo`, { ...dev, method: 'POST', headers: { 'x-sig': 'abc', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(res.headers['x-extra']).toBe('yes');
    expect(JSON.parse(res.body.toString())).toEqual({ method: 'POST', body: '{"a":1}', sig: 'abc' });
  });

  it('answers a non-2xx status without throwing', async () => {
    const res = await safeFetch(`${base}/missing`, dev);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe('nope');
  });

  it('times out a response that never finishes', async () => {
    // /slow never finishes: only the 200 ms timer can end it, with this reason.
    expect(await reasonOf(safeFetch(`${base}/slow`, { ...dev, timeoutMs: 200 }))).toBe('timeout');
  });

  it('refuses a declared and a streamed body past maxResponseBytes', async () => {
    expect(await reasonOf(safeFetch(`${base}/big-declared`, { ...dev, maxResponseBytes: 5000 }))).toBe('too-large');
    expect(await reasonOf(safeFetch(`${base}/big-streamed`, { ...dev, maxResponseBytes: 5000 }))).toBe('too-large');
    const ok = await safeFetch(`${base}/big-streamed`, { ...dev, maxResponseBytes: 200_000 });
    expect(ok.body.length).toBe(100_000);
  });

  it('bodyToFile streams the body into a private file, held to maxResponseBytes by count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safe-fetch-'));
    try {
      const file = join(dir, 'body');
      const ok = await safeFetch(`${base}/big-streamed`, { ...dev, maxResponseBytes: 200_000, bodyToFile: file });
      expect([ok.status, ok.body.length]).toEqual([200, 0]);
      expect((await readFile(file)).equals(Buffer.alloc(100_000, 1))).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await reasonOf(safeFetch(`${base}/big-streamed`, { ...dev, maxResponseBytes: 5000, bodyToFile: file }))).toBe('too-large');
      expect(await reasonOf(safeFetch(`${base}/big-declared`, { ...dev, maxResponseBytes: 5000, bodyToFile: file }))).toBe('too-large');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('truncateBody returns the status with the body cut at the limit', async () => {
    const streamed = await safeFetch(`${base}/big-streamed`, { ...dev, maxResponseBytes: 5000, truncateBody: true });
    expect(streamed.status).toBe(200);
    expect(streamed.body.length).toBe(5000);
    const declared = await safeFetch(`${base}/big-declared`, { ...dev, maxResponseBytes: 5000, truncateBody: true });
    expect(declared.status).toBe(200);
    expect(declared.body.length).toBe(0);
  });

  it('follows a 307 keeping method and body; a 303 becomes a GET', async () => {
    const kept = await safeFetch(`${base}/redirect-to-echo`, { ...dev, method: 'POST', body: 'x=1' });
    expect(JSON.parse(kept.body.toString())).toMatchObject({ method: 'POST', body: 'x=1' });
    expect(kept.url).toBe(`${base}/echo`);
    const got = await safeFetch(`${base}/redirect-303`, { ...dev, method: 'POST', body: 'x=1' });
    expect(JSON.parse(got.body.toString())).toMatchObject({ method: 'GET', body: '' });
  });

  it('stops after maxRedirects and returns the 3xx; maxRedirects 0 follows none', async () => {
    const before = seen.length;
    const res = await safeFetch(`${base}/redirect-loop`, dev);
    expect(res.status).toBe(302);
    expect(seen.length - before).toBe(4); // the request and 3 redirects
    expect((await safeFetch(`${base}/redirect-to-echo`, { ...dev, maxRedirects: 0 })).status).toBe(307);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    expect(await reasonOf(safeFetch(`${base}/redirect-ftp`, dev))).toBe('bad-url');
  });

  it('reports a refused connection as network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await reasonOf(safeFetch(`http://127.0.0.1:${port}/`, dev))).toBe('network');
  });

  it('an external abort signal ends the request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await reasonOf(safeFetch(`${base}/slow`, { ...dev, signal: controller.signal }))).toBe('network');
  });
});

describe('safeFetch guard (default: public addresses only)', () => {
  it.each([
    'http://127.0.0.1/',
    'http://localhost/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://192.168.0.10/',
    'http://172.20.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.1.1/',
    'http://0.0.0.0/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://2130706433/', // 127.0.0.1 as one decimal number; URL normalises it
    'http://[::ffff:0:a9fe:a9fe]/', // IPv4-translated 169.254.169.254
    'http://[2002:a9fe:a9fe::1]/', // 6to4
    'http://[64:ff9b:1::a9fe:a9fe]/', // local-use NAT64
  ])('%s → private-address, nothing sent', async (url) => {
    const before = seen.length;
    expect(await reasonOf(safeFetch(url, { timeoutMs: 2000 }))).toBe('private-address');
    expect(seen.length).toBe(before);
  });

  it('a loopback receiver is refused unless allowPrivateNetwork', async () => {
    expect(await reasonOf(safeFetch(`${base}/echo`))).toBe('private-address');
  });

  it('every redirect hop is re-checked: an allowed receiver cannot bounce the request elsewhere', async () => {
    // The target listens on 127.0.0.2 (loopback too, but not in allowAddresses).
    const target = createServer((req, res) => res.writeHead(200).end(`reached ${req.method}`));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.2', resolve));
    const targetUrl = `http://127.0.0.2:${(target.address() as AddressInfo).port}/`;
    const hop = createServer((_req, res) => res.writeHead(307, { location: targetUrl }).end());
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hop.address() as AddressInfo).port}/`;
    try {
      expect(await reasonOf(safeFetch(url, { allowAddresses: ['127.0.0.1'], method: 'POST', body: 'x' }))).toBe('private-address');
      // The target is reachable, so it was the guard that refused it.
      const res = await safeFetch(url, { allowPrivateNetwork: true, method: 'POST', body: 'x' });
      expect(res.body.toString()).toBe('reached POST');
    } finally {
      for (const s of [hop, target]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    }
  });

  it('allowAddresses opens exactly the listed address', async () => {
    expect((await safeFetch(`${base}/echo`, { allowAddresses: ['127.0.0.1'] })).status).toBe(201);
    expect(await reasonOf(safeFetch(`${base.replace('127.0.0.1', 'localhost')}/echo`, { allowAddresses: ['10.0.0.1'] }))).toBe('private-address');
  });

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://user:pw@example.com/'])('%s → bad-url', async (url) => {
    expect(await reasonOf(safeFetch(url))).toBe('bad-url');
  });
});

describe('safeFetch through a proxy agent (a session proxy)', () => {
  it('asks the proxy to CONNECT to the vetted address, not to the name, and keeps the Host header', async () => {
    const proxy = await startConnectProxy();
    try {
      const port = new URL(base).port;
      const res = await safeFetch(`http://localhost:${port}/echo`, {
        method: 'POST',
        body: 'via proxy',
        allowPrivateNetwork: true,
        agent: sessionProxyFor(`http://${proxy.host}`).agent,
      });
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body.toString())).toMatchObject({ method: 'POST', body: 'via proxy' });
      expect(proxy.tunnels.map((t) => t.target)).toEqual([`127.0.0.1:${port}`]);
      expect(seen.at(-1)?.headers.host).toBe(`localhost:${port}`);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a private address before any tunnel opens', async () => {
    const proxy = await startConnectProxy();
    try {
      expect(await reasonOf(safeFetch(`${base}/echo`, { agent: sessionProxyFor(`http://${proxy.host}`).agent }))).toBe('private-address');
      expect(proxy.tunnels).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

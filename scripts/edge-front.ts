// The HTTP front of `npm start`: workerd (Miniflare) keeps a CF-Connecting-IP the client sent, so
// on a self-hosted edge anyone could name any address and reset per-client limits. This front
// listens on the public port, replaces that header with the connection's own address and passes
// the request on to workerd on loopback, streaming both ways.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EdgeFront {
  url: URL;
  close(): Promise<void>;
}

/** Headers that describe one hop, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** The headers of a request or answer that are passed on to the next hop. */
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

export async function startEdgeFront(options: { target: URL; port: number; host: string }): Promise<EdgeFront> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const headers = endToEnd(req.headers);
    headers['cf-connecting-ip'] = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    const upstream = http.request({ host: options.target.hostname, port: options.target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"status":"error","message":"The edge worker is not answering."}');
      else res.destroy();
    });
    // A client that goes away mid-request must not leave the upstream request open.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
  const server = http.createServer(forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

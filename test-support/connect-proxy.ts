import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One CONNECT tunnel the proxy opened: where to, and the Proxy-Authorization it came with. */
export interface Tunnel {
  target: string;
  authorization: string | undefined;
  /** Bytes the client sent through it so far. */
  bytesUp: number;
}

/** A loopback HTTP CONNECT proxy that records every tunnel; with `credentials` it answers 407 to
 * a CONNECT without them, like a real authenticating proxy. */
export async function startConnectProxy(options: { credentials?: { username: string; password: string } } = {}) {
  const tunnels: Tunnel[] = [];
  const open = new Set<Socket>();
  const expected = options.credentials && `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authorization = req.headers['proxy-authorization'];
    if (expected && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const tunnel: Tunnel = { target: req.url ?? '', authorization, bytesUp: head.length };
    tunnels.push(tunnel);
    const [host, port] = splitTarget(tunnel.target);
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        tunnel.bytesUp += chunk.length;
      });
      client.pipe(upstream).pipe(client);
    });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    tunnels,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitTarget(target: string): [string, number] {
  const colon = target.lastIndexOf(':');
  return [target.slice(0, colon).replace(/^\[|\]$/g, ''), Number(target.slice(colon + 1))];
}

// Loopback proxies for tests: HTTP CONNECT and SOCKS5, each recording the tunnels it opened, so a
// test can prove which connections went through a session's proxy.
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** One tunnel a proxy opened: where to, and the credentials it came with. */
export interface Tunnel {
  target: string;
  /** HTTP: the Proxy-Authorization header; SOCKS5: `user:password`. */
  authorization: string | undefined;
  /** Bytes the client sent through it so far. */
  bytesUp: number;
}

interface Credentials {
  username: string;
  password: string;
}

/** A loopback HTTP CONNECT proxy; with `credentials` it answers 407 to a CONNECT without them,
 * like a real authenticating proxy. */
export async function startConnectProxy(options: { credentials?: Credentials } = {}) {
  const recorder = tunnelRecorder();
  const expected = options.credentials && `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authorization = req.headers['proxy-authorization'];
    if (expected && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    recorder.open(client, req.url ?? '', authorization, head, () => client.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
  });
  return listening(server, recorder);
}

/** A loopback SOCKS5 proxy (RFC 1928 CONNECT, RFC 1929 username/password when `credentials`). */
export async function startSocks5Proxy(options: { credentials?: Credentials } = {}) {
  const recorder = tunnelRecorder();
  const server = createTcpServer((client) => {
    client.on('error', () => client.destroy());
    socks5Handshake(client, options.credentials).then(
      (request) => {
        if (request)
          recorder.open(client, request.target, request.authorization, request.rest, () => client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0])));
      },
      () => client.destroy(),
    );
  });
  return listening(server, recorder);
}

async function socks5Handshake(client: Socket, credentials: Credentials | undefined) {
  const input = byteReader(client);
  const [, methodCount] = await input.read(2);
  const methods = [...(await input.read(methodCount!))];
  const wanted = credentials ? 2 : 0;
  if (!methods.includes(wanted)) return void client.end(Buffer.from([5, 0xff]));
  client.write(Buffer.from([5, wanted]));
  let authorization: string | undefined;
  if (credentials) {
    const [, userLength] = await input.read(2);
    const user = (await input.read(userLength!)).toString();
    const [passwordLength] = await input.read(1);
    const password = (await input.read(passwordLength!)).toString();
    authorization = `${user}:${password}`;
    if (user !== credentials.username || password !== credentials.password) return void client.end(Buffer.from([1, 1]));
    client.write(Buffer.from([1, 0]));
  }
  const [, command, , addressType] = await input.read(4);
  if (command !== 1) return void client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
  const host =
    addressType === 1
      ? [...(await input.read(4))].join('.')
      : addressType === 3
        ? (await input.read((await input.read(1))[0]!)).toString()
        : `[${(await input.read(16)).toString('hex').replace(/(.{4})(?!$)/g, '$1:')}]`;
  const port = (await input.read(2)).readUInt16BE(0);
  return { target: `${host}:${port}`, authorization, rest: input.release() };
}

/** Reads exact byte counts off a socket; release() hands back what came after. */
function byteReader(socket: Socket) {
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  let closed = false;
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  };
  socket.on('data', onData);
  socket.once('close', () => {
    closed = true;
    wake?.();
  });
  return {
    async read(count: number): Promise<Buffer> {
      while (buffered.length < count) {
        if (closed) throw new Error('closed during the SOCKS5 handshake');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const out = buffered.subarray(0, count);
      buffered = buffered.subarray(count);
      return out;
    },
    release(): Buffer {
      socket.off('data', onData);
      return buffered;
    },
  };
}

function tunnelRecorder() {
  const tunnels: Tunnel[] = [];
  const sockets = new Set<Socket>();
  return {
    tunnels,
    sockets,
    /** Connects to `target`, answers the client with `established`, then pipes both ways. */
    open(client: Socket, target: string, authorization: string | undefined, head: Buffer, established: () => void) {
      const tunnel: Tunnel = { target, authorization, bytesUp: head.length };
      tunnels.push(tunnel);
      const colon = target.lastIndexOf(':');
      const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon).replace(/^\[|\]$/g, ''), () => {
        established();
        if (head.length > 0) upstream.write(head);
        client.on('data', (chunk: Buffer) => {
          tunnel.bytesUp += chunk.length;
        });
        client.pipe(upstream).pipe(client);
      });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
    },
  };
}

async function listening(server: Server, recorder: ReturnType<typeof tunnelRecorder>) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    tunnels: recorder.tunnels,
    async close() {
      for (const socket of recorder.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

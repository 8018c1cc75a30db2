// A loopback webhook receiver for the soak: counts deliveries by event, and can go down (its port
// closed, so deliveries are refused) and come back on the same address.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OutageReceiver {
  url: string;
  /** Deliveries answered 200, by event name. */
  counts: Map<string, number>;
  /** Distinct incoming message ids delivered (`message.received`). */
  receivedIds: Set<string>;
  readonly up: boolean;
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

export async function startOutageReceiver(): Promise<OutageReceiver> {
  const counts = new Map<string, number>();
  const receivedIds = new Set<string>();
  const handle: Parameters<typeof createServer>[1] = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; data?: { id?: string } };
      counts.set(body.event, (counts.get(body.event) ?? 0) + 1);
      if (body.event === 'message.received' && body.data?.id) receivedIds.add(body.data.id);
      res.writeHead(200).end('ok');
    });
  };
  const listen = async (port: number): Promise<Server> => {
    const server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  };
  let server: Server | undefined = await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    counts,
    receivedIds,
    get up() {
      return server !== undefined;
    },
    goDown: stop,
    async comeBack() {
      server ??= await listen(port);
    },
    close: stop,
  };
}

import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

type Handler = (request: Request) => Response | Promise<Response>;

export interface Listener {
  port: number;
  /** Swaps the handler in once the app that needs the listening port exists. */
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

/** Binds first (port 0 picks a free one) and answers 503 until a handler is set. */
export function listen(hostname: string, port: number): Promise<Listener> {
  let handler: Handler = () => Response.json({ status: 'error', message: 'starting' }, { status: 503 });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request) => handler(request), hostname, port }, (info: AddressInfo) =>
      resolve({
        port: info.port,
        setHandler: (next) => {
          handler = next;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      }),
    );
    server.once('error', reject);
  });
}

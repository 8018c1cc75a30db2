import { once } from 'node:events';
import { MessageChannel, Worker } from 'node:worker_threads';
import { portFetch } from './port-transport.js';
import type { LibsqlHttpServerOptions } from './server.js';

export interface LibsqlInWorker {
  /** For the edge and any other process: `createClient({ url, authToken })`. */
  url: string;
  port: number;
  /** For this process: `createClient({ url, authToken, fetch })` talks to the thread without HTTP. */
  fetch: typeof fetch;
  /** Bytes used on the database thread's own V8 heap (not part of the host's `process.memoryUsage()`). */
  heapUsed(): Promise<number>;
  close(): Promise<void>;
}

/** `startLibsqlHttpServer` on its own thread (see worker-thread.ts). */
export async function startLibsqlHttpServerInWorker(options: Omit<LibsqlHttpServerOptions, 'logger'> & { logLevel: string }): Promise<LibsqlInWorker> {
  const channel = new MessageChannel();
  const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
    workerData: { ...options, hostPort: channel.port2 },
    transferList: [channel.port2],
  });
  const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([err]) => Promise.reject(err))])) as [
    { url: string; port: number },
  ];
  return {
    url: first.url,
    port: first.port,
    fetch: portFetch(channel.port1),
    async heapUsed() {
      worker.postMessage('heap');
      const [answer] = (await once(worker, 'message', { signal: AbortSignal.timeout(5_000) })) as [{ heapUsed: number }];
      return answer.heapUsed;
    },
    async close() {
      worker.postMessage('close');
      const closed = new Promise<void>((resolve) => worker.on('message', (message) => message === 'closed' && resolve()));
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await worker.terminate();
      channel.port1.close();
    },
  };
}

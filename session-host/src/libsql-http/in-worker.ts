import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { LibsqlHttpServer, LibsqlHttpServerOptions } from './server.js';

/** `startLibsqlHttpServer` on its own thread (see worker-thread.ts). */
export async function startLibsqlHttpServerInWorker(options: Omit<LibsqlHttpServerOptions, 'logger'> & { logLevel: string }): Promise<LibsqlHttpServer> {
  const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: options });
  const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([err]) => Promise.reject(err))])) as [
    { url: string; port: number },
  ];
  return {
    url: first.url,
    port: first.port,
    async close() {
      worker.postMessage('close');
      await Promise.race([once(worker, 'message'), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await worker.terminate();
    },
  };
}

// Runs the embedded libSQL HTTP server on a worker thread: database requests (the edge's above all)
// are then answered while the host's main thread is busy encrypting and sending WhatsApp messages.
// The host's own requests come over `hostPort` instead of HTTP (port-transport.ts).
import { getHeapStatistics } from 'node:v8';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { servePort } from './port-transport.js';
import { startLibsqlHttpServer, type LibsqlHttpServerOptions } from './server.js';

const { hostPort, ...options } = workerData as Omit<LibsqlHttpServerOptions, 'logger'> & { logLevel: string; hostPort: MessagePort };
const server = await startLibsqlHttpServer({
  ...options,
  logger: pino({ level: options.logLevel, base: { service: 'session-host', component: 'libsql-http' } }),
});
servePort(hostPort, server.answer);
parentPort!.postMessage({ url: server.url, port: server.port });
parentPort!.on('message', (message) => {
  if (message === 'close') void server.close().then(() => parentPort!.postMessage('closed'));
  // This thread's V8 heap is its own: the host's heap figures do not include it.
  if (message === 'heap') parentPort!.postMessage({ heapUsed: getHeapStatistics().used_heap_size });
});

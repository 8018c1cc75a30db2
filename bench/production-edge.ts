// The edge as `npm start` serves it (workerd itself behind the Node front that sets the client
// address), over a benchmark gateway's data: the accept path is measured through what users run,
// not through Miniflare's extra entry worker.
import type { Env } from '../edge/src/env.js';
import { startEdgeFront } from '../scripts/edge-front.js';
import { startEdgeWorkerd } from '../scripts/edge-workerd.js';

export async function startProductionEdge(bindings: Env): Promise<{ url: URL; close(): Promise<void> }> {
  const edge = await startEdgeWorkerd(bindings);
  const front = await startEdgeFront({ target: edge.url, port: 0, host: '127.0.0.1' });
  return {
    url: front.url,
    async close() {
      await front.close();
      await edge.close();
    },
  };
}

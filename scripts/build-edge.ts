// `npm run build`: bundles the worker exactly as `wrangler deploy` would into dist/edge and writes
// the workerd config that `npm start` serves it with. Also vitest's globalSetup for the stack tests.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EDGE_DIR, writeWorkerdConfig } from './edge-workerd.js';

export function buildEdge(): void {
  execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', EDGE_DIR], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' },
  });
  writeWorkerdConfig(EDGE_DIR);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildEdge();

export default buildEdge;

// Bundles the worker exactly as `wrangler deploy` would; vitest's globalSetup for the stack tests.
import { execFileSync } from 'node:child_process';

export function buildEdge(): void {
  execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', 'dist/edge'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' },
  });
}

export default buildEdge;

// vitest globalSetup: bundles the worker once, exactly as `wrangler deploy` would.
import { execFileSync } from 'node:child_process';

export const EDGE_SCRIPT = 'dist/edge/index.js';

export default function setup(): void {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist/edge'], {
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' },
  });
}

// The built worker inside workerd through Miniflare (a devDependency), for the tests: they dispatch
// requests to it in-process. `npm start` runs workerd itself (edge-workerd.ts).
import { Miniflare } from 'miniflare';
import type { Env } from '../edge/src/env.js';
import { compatibility } from './edge-workerd.js';

/** The built worker inside workerd, with the given bindings. */
export async function startEdgeWorker(bindings: Env, options: { port?: number; host?: string } = {}): Promise<{ mf: Miniflare; url: URL }> {
  const { date, flags } = compatibility();
  const mf = new Miniflare({
    scriptPath: 'dist/edge/index.js',
    modules: true,
    compatibilityDate: date,
    compatibilityFlags: flags,
    // wrangler bundles `*.txt` imports (the dashboard's browser files) as Text modules beside index.js.
    modulesRules: [{ type: 'Text', include: ['**/*.txt'] }],
    bindings: { ...bindings },
    ...(options.port !== undefined ? { port: options.port, host: options.host ?? '127.0.0.1' } : {}),
  });
  const url = await mf.ready;
  return { mf, url };
}

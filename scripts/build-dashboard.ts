// Bundles the dashboard's browser scripts (edge/src/dashboard/browser, TypeScript importing the
// shared CSV reader and placeholder engine) into one file per page. wrangler runs this before it
// bundles the worker ([build] in wrangler.toml), which embeds each file as a Text module
// (edge/src/dashboard/assets.ts), so the dashboard needs no CDN and no static-asset service.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pages' scripts; each page's frame loads exactly one of them (edge/src/dashboard/pages). */
export const DASHBOARD_PAGES = [
  'login',
  'overview',
  'sessions',
  'session',
  'lists',
  'campaigns',
  'campaign',
  'control',
  'users',
  'audit',
  'invite',
  'inbox',
  'auto-replies',
  'hosts',
] as const;

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildDashboard(outdir = 'dist/dashboard'): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: DASHBOARD_PAGES.map((page) => `edge/src/dashboard/browser/${page}.ts`),
    outdir,
    // `.txt`: the worker bundler loads these as text, not as code of the worker's own.
    outExtension: { '.js': '.js.txt' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // the overview's charts (uPlot, bundled into overview.js) need its stylesheet
  mkdirSync(resolve(root, outdir), { recursive: true });
  copyFileSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), resolve(root, outdir, 'uplot.css.txt'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDashboard();

/** vitest's globalSetup for the unit tier, which imports the edge's app in Node. */
export default (): Promise<void> => buildDashboard();

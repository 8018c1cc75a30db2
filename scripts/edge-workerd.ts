// The edge in production: the bundle `npm run build` wrote into dist/edge, served by workerd itself
// (the `workerd` package, a runtime dependency) from a config written beside it at build time.
// Miniflare would do the same but adds ~60 MB of packages, a Node-side proxy and 3 s of start.
// Every binding is taken from workerd's environment, so no secret is ever written to disk.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { EdgeConfigSchema } from '../edge/src/config.js';
import type { Env } from '../edge/src/env.js';

export const EDGE_DIR = 'dist/edge';
export const WORKERD_CONFIG = 'workerd.capnp';

/** wrangler.toml's compatibility date and flags, so workerd runs the worker as Workers would. */
export function compatibility(wranglerToml = readFileSync('wrangler.toml', 'utf8')): { date: string; flags: string[] } {
  const date = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(wranglerToml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]\n]*)\]/m.exec(wranglerToml)?.[1] ?? '';
  if (!date) throw new Error('wrangler.toml has no compatibility_date');
  return { date, flags: [...flags.matchAll(/"([\w-]+)"/g)].map((match) => match[1] as string) };
}

/** workerd's config for the bundle in `dir`: index.js plus the Text modules wrangler wrote beside it. */
export function writeWorkerdConfig(dir = EDGE_DIR, wranglerToml = readFileSync('wrangler.toml', 'utf8')): void {
  const { date, flags } = compatibility(wranglerToml);
  const textModules = readdirSync(dir).filter((name) => name.endsWith('.txt'));
  const quote = (text: string) => JSON.stringify(text);
  const config = `# Written by \`npm run build\` (scripts/edge-workerd.ts); served by \`npm start\`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "edge", worker = .edge),
    # The edge calls session hosts, libSQL and S3, which are often on loopback or a private network.
    (name = "internet", network = (allow = ["public", "private", "local"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "edge")],
);

const edge :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "index.js"),
${textModules.map((name) => `    (name = ${quote(name)}, text = embed ${quote(name)}),`).join('\n')}
  ],
  compatibilityDate = ${quote(date)},
  compatibilityFlags = [${flags.map(quote).join(', ')}],
  bindings = [
${Object.keys(EdgeConfigSchema.shape)
  .map((name) => `    (name = ${quote(name)}, fromEnvironment = ${quote(name)}),`)
  .join('\n')}
  ],
);
`;
  writeFileSync(join(dir, WORKERD_CONFIG), config);
}

export interface EdgeWorkerd {
  url: URL;
  process: ChildProcess;
  close(): Promise<void>;
}

/** workerd serving the built edge on a free loopback port, with the given bindings. */
export async function startEdgeWorkerd(bindings: Env, dir = EDGE_DIR): Promise<EdgeWorkerd> {
  const binary = createRequire(import.meta.url).resolve('workerd/bin/workerd');
  // fd 3: workerd reports each socket's port there once it listens (`listen` events, JSON lines).
  const child = spawn(binary, ['serve', join(dir, WORKERD_CONFIG), '--control-fd=3'], {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    // workerd hands an absent variable to the worker as null; blank is how every setting says unset.
    env: { ...Object.fromEntries(Object.keys(EdgeConfigSchema.shape).map((name) => [name, ''])), ...(bindings as unknown as Record<string, string>) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`workerd exited with ${code} before it listened`)));
    child.once('error', reject);
    createInterface(child.stdio[3] as Readable).on('line', (line) => {
      const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
      if (event.event === 'listen' && event.socket === 'http' && event.port) resolve(event.port);
    });
  });
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    process: child,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

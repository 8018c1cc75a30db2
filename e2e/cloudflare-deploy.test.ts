// The README's "Deploy the edge to Cloudflare Workers", checked offline: `wrangler deploy
// --dry-run` with wrangler.production.toml bundles exactly what a deploy would upload, and that
// upload must fit Workers' size limit. The settings the README puts with `wrangler secret put` and
// the plain vars of the production config must be settings the edge reads, so the docs cannot drift.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_readConfig as readWranglerConfig } from 'wrangler';
import { EdgeConfigSchema, parseEdgeConfig } from '../edge/src/config.js';

const REPO = resolve(import.meta.dirname, '..');
const PRODUCTION_CONFIG = 'wrangler.production.toml';
/** Workers' limit on a worker's size after compression on the Free plan (Paid: 10 MB), "3 MB"
 * taken in its stricter reading. */
const FREE_PLAN_COMPRESSED_LIMIT = 3_000_000;

const edgeSettings = Object.keys(EdgeConfigSchema.shape);
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const deploySection = /^## Deploy the edge to Cloudflare Workers\n[\s\S]*?(?=^## )/m.exec(readme)?.[0] ?? '';
const readmeSecrets = [...deploySection.matchAll(/wrangler secret put ([A-Z0-9_]+)/g)].map((match) => match[1] as string);
const production = readWranglerConfig({ config: join(REPO, PRODUCTION_CONFIG) });
const development = readWranglerConfig({ config: join(REPO, 'wrangler.toml') });
const productionVars = production.vars as Record<string, string>;

let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'wag-cf-deploy-'));
  execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--config', PRODUCTION_CONFIG, '--outdir', outdir], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' },
  });
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('wrangler deploy --dry-run with the production config', () => {
  it('writes the bundle, and what it uploads fits the Free plan limit after compression', () => {
    // What a deploy uploads: the worker and the Text modules beside it (not the source map).
    const modules = readdirSync(outdir).filter((name) => name === 'index.js' || name.endsWith('.txt'));
    expect(modules).toContain('index.js');
    expect(modules.filter((name) => name.endsWith('.js.txt')).length).toBeGreaterThan(0);
    const compressed = modules.reduce((total, name) => total + gzipSync(readFileSync(join(outdir, name))).length, 0);
    console.info(`Workers upload: ${modules.length} modules, ${(compressed / 1024).toFixed(0)} KiB gzip`);
    expect(compressed).toBeLessThanOrEqual(FREE_PLAN_COMPRESSED_LIMIT);
  });

  it('runs the worker as the tests do: same entry, build, compatibility date and flags, aliases', () => {
    expect(production.main).toBe(development.main);
    expect(production.build.command).toBe(development.build.command);
    expect(production.compatibility_date).toBe(development.compatibility_date);
    expect(production.compatibility_flags).toEqual(development.compatibility_flags);
    expect(production.alias).toEqual(development.alias);
  });
});

describe("the README's Cloudflare section", () => {
  it('puts with `wrangler secret put` only settings the edge reads, none of them in a wrangler file', () => {
    expect(readmeSecrets).toEqual(expect.arrayContaining(['MASTER_API_KEY', 'HOST_SHARED_SECRET', 'LIBSQL_AUTH_TOKEN', 'S3_SECRET_ACCESS_KEY']));
    expect(readmeSecrets.filter((name) => !edgeSettings.includes(name))).toEqual([]);
    const plainSettings = { ...development.vars, ...productionVars };
    expect(readmeSecrets.filter((name) => name in plainSettings)).toEqual([]);
  });

  it('leaves in the production config only plain settings the edge reads, which with the secrets make a valid edge config', () => {
    expect(Object.keys(productionVars).filter((name) => !edgeSettings.includes(name))).toEqual([]);
    const secrets = Object.fromEntries(readmeSecrets.map((name) => [name, `${name.toLowerCase()}-value-for-the-test`]));
    expect(() => parseEdgeConfig({ ...productionVars, ...secrets })).not.toThrow();
  });
});

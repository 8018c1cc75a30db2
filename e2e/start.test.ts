// `npm start` as a user runs it: the banner shows the master key on the first start only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/child-gateway.js';

const REPO = resolve(import.meta.dirname, '..');
let workDir: string;

beforeAll(() => {
  // start.ts bundles the edge into ./dist/edge: a working directory of its own (links to the
  // sources) keeps that bundle away from the one the other stack tests load.
  workDir = mkdtempSync(join(tmpdir(), 'wag-start-'));
  for (const name of [
    'node_modules',
    'edge',
    'shared',
    'session-host',
    'scripts',
    'test-support',
    'simulator',
    'migrations',
    'package.json',
    'tsconfig.json',
    'wrangler.toml',
  ]) {
    symlinkSync(join(REPO, name), join(workDir, name));
  }
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** `npm start` in the working directory, on fresh ports and the embedded defaults plus `extra`. */
async function spawnStart(extra: Record<string, string> = {}, hostEntry?: string) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: './data', LOG_LEVEL: 'warn', WRANGLER_SEND_METRICS: 'false' };
  for (const name of ['MASTER_API_KEY', 'HOST_SHARED_SECRET', 'LIBSQL_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'ADMIN_PASSWORD', 'ADMIN_PASSWORD_HASH'])
    delete env[name];
  for (const name of ['PORT', 'HOST_PORT', 'LIBSQL_LOCAL_PORT', 'S3_LOCAL_PORT']) env[name] = String(await freePort());
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...(hostEntry ? [hostEntry] : [])], {
    cwd: workDir,
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `npm start` until its banner is printed, then stops it; returns the banner. */
async function startOnce(): Promise<string> {
  const child = await spawnStart();
  child.stderr!.pipe(process.stderr);
  const exited = new Promise((done) => child.once('exit', done));
  let out = '';
  await new Promise<void>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C to stop.')) done();
    });
  });
  child.kill('SIGTERM');
  await exited;
  return out.slice(out.indexOf('wa-gateway is running'));
}

// Each start bundles the edge with wrangler first: minutes on a loaded 2-core machine, not seconds.
describe('npm start', { timeout: 300_000 }, () => {
  it('prints the master key when it generates it, and afterwards only where it is kept', async () => {
    const first = await startOnce();
    const { masterApiKey } = JSON.parse(readFileSync(join(workDir, 'data', 'secrets.json'), 'utf8')) as { masterApiKey: string };
    expect(first).toContain(`Master key: ${masterApiKey} (generated now and shown only this once; kept in ./data/secrets.json)`);

    const second = await startOnce();
    expect(second).toContain('Master key: kept in ./data/secrets.json (masterApiKey)');
    expect(second).not.toContain(masterApiKey);
  });

  /** Runs `npm start` to its exit; returns the exit code and everything it printed. */
  async function startToExit(extra: Record<string, string>): Promise<{ code: unknown; out: string }> {
    const child = await spawnStart(extra);
    let out = '';
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((done) => child.once('exit', done));
    return { code, out };
  }

  it('refuses bad settings of the session host and the edge before starting anything, naming each', async () => {
    const { code, out } = await startToExit({
      PUBLIC_URL: 'wa.example.com',
      LOGIN_MAX_ATTEMPTS: 'ten',
      DEFAULT_COUNTRY: 'Indonesia',
      LEASE_TTL_MS: 'soon',
      SEND_MAX_ATTEMPTS: '0',
      ALLOW_PRIVATE_NETWORK_FETCH: 'yes',
    });
    expect(code).toBe(1);
    expect(out).toContain('PUBLIC_URL must be an absolute http(s) URL');
    expect(out).toContain('LOGIN_MAX_ATTEMPTS must be a whole number');
    expect(out).toContain('DEFAULT_COUNTRY must be an ISO 3166 alpha-2 country code');
    expect(out).toContain('LEASE_TTL_MS must be a whole number of at least 1000');
    expect(out).toContain('SEND_MAX_ATTEMPTS must be a whole number of at least 1');
    expect(out).toContain('ALLOW_PRIVATE_NETWORK_FETCH must be true or false');
    expect(out).not.toContain('starting the session host');
    expect(out).not.toContain('bundling the edge');
  });

  it('refuses a bad setting of its own, naming it', async () => {
    const { code, out } = await startToExit({ PORT: '70000' });
    expect(code).toBe(1);
    expect(out).toContain('Invalid start configuration: PORT must be a whole number from 0 to 65535');
    expect(out).not.toContain('starting the session host');
  });

  it('stops cleanly when the session host dies while it is still starting', async () => {
    const child = await spawnStart({}, join(REPO, 'e2e/fixtures/exiting-host.ts'));
    let out = '';
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(out).toContain('session host exited');
    expect(out).not.toContain('ReferenceError');
  });
});

// The production install as the container image makes it, without the container: the files the
// Dockerfile's runtime stage copies, `npm ci --omit=dev` (from the local npm cache: no network
// beyond the npm registry), the bundle `npm run build` made, and the image's own CMD. It proves
// that nothing on the start path needs a devDependency or test-support/, and that the data
// directory carries sessions and secrets across a restart, as the image's volume does.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/child-gateway.js';

const REPO = resolve(import.meta.dirname, '..');
const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
const runtimeStage = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
/** Sources of the runtime stage's `COPY a b ./dest` lines (not those from the build stage). */
const runtimePaths = [...runtimeStage.matchAll(/^COPY (?!--)(.+) \S+$/gm)].flatMap((match) => (match[1] as string).split(' '));
/** The image's CMD, run here as the container would run it. */
const imageCommand = JSON.parse(/^CMD (\[.*\])$/m.exec(runtimeStage)?.[1] ?? '[]') as string[];

let appDir: string;
let dataDir: string;

beforeAll(() => {
  appDir = mkdtempSync(join(tmpdir(), 'wag-prod-'));
  dataDir = join(appDir, 'data');
  for (const path of runtimePaths) cpSync(join(REPO, path), join(appDir, path), { recursive: true });
  // The stack tier's globalSetup has just run `npm run build` into this checkout's dist/.
  cpSync(join(REPO, 'dist'), join(appDir, 'dist'), { recursive: true });
  execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: appDir, stdio: ['ignore', 'ignore', 'inherit'] });
}, 600_000);
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

/** The image's CMD on fresh ports; resolves with the banner once it is running. */
async function startGateway(): Promise<{ port: number; banner: string; stop(): Promise<number | null> }> {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  // Blank, as compose.yaml passes what .env leaves unset (`\${MASTER_API_KEY:-}`): blank is unset.
  for (const name of ['MASTER_API_KEY', 'HOST_SHARED_SECRET', 'LIBSQL_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'ADMIN_PASSWORD', 'ADMIN_PASSWORD_HASH'])
    env[name] = '';
  const port = await freePort();
  for (const name of ['HOST_PORT', 'LIBSQL_LOCAL_PORT', 'S3_LOCAL_PORT']) env[name] = String(await freePort());
  const [command, ...args] = imageCommand as [string, ...string[]];
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: appDir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(process.stderr);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  let out = '';
  await new Promise<void>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the image's CMD exited with ${code}:\n${out}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C to stop.')) done();
    });
  });
  return {
    port,
    banner: out,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('production install', { timeout: 600_000 }, () => {
  it('has no devDependency and no test code, and serves the API from the bundle built ahead', async () => {
    expect(imageCommand).toEqual(['node', '--import', 'tsx', 'scripts/start.ts']);
    for (const devOnly of ['wrangler', 'miniflare', 'vitest', 'typescript', 'drizzle-kit'])
      expect(existsSync(join(appDir, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(join(appDir, 'test-support'))).toBe(false);

    const first = await startGateway();
    expect(first.banner).toContain('serving the edge bundle built ahead in dist/edge');
    const { masterApiKey } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { masterApiKey: string };
    const base = `http://127.0.0.1:${first.port}/api/v1`;
    const created = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { 'x-master-key': masterApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: 'prodInstall' }),
    });
    expect(created.status).toBe(201);
    expect(await first.stop()).toBe(0);

    // The data directory is all the state: a second start finds the session and the same key.
    const second = await startGateway();
    expect(second.banner).toContain('Master key: kept in');
    const listed = await fetch(`http://127.0.0.1:${second.port}/api/v1/sessions`, { headers: { 'x-master-key': masterApiKey } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { sessionId: string }[]).map((session) => session.sessionId)).toContain('prodInstall');
    expect(await second.stop()).toBe(0);
  });

  it('refuses to start without the bundle, saying how to build it', async () => {
    const bundle = join(appDir, 'dist', 'edge', 'workerd.capnp');
    const saved = readFileSync(bundle);
    rmSync(bundle);
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
        cwd: appDir,
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(await freePort()) },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('dist/edge/workerd.capnp is missing: run `npm ci && npm run build`');
      expect(run.stdout).not.toContain('starting the session host');
    } finally {
      writeFileSync(bundle, saved);
    }
  });
});

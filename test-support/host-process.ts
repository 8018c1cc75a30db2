// A session host as its own process (`session-host/src/main.ts`, as `npm start` runs it), on a
// given data directory, with every port picked by the OS. Its pino lines tell where it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface HostProcess {
  child: ChildProcess;
  /** The embedded S3 endpoint, as logged at step 2. */
  s3Endpoint: string | undefined;
  /** The internal API's URL, as logged at step 4. */
  url: string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export async function startHostProcess(env: Record<string, string>): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'session-host/src/main.ts'], {
    env: {
      ...process.env,
      HOST_PORT: '0',
      LIBSQL_LOCAL_PORT: '0',
      S3_LOCAL_PORT: '0',
      LOG_LEVEL: 'info',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let s3Endpoint: string | undefined;
  let url = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`session host exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; endpoint?: string; url?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return; // not a log line
      }
      if (entry.msg?.startsWith('step 2/5')) s3Endpoint = entry.endpoint;
      if (entry.msg?.startsWith('step 4/5')) url = entry.url ?? '';
      if (entry.msg === 'step 5/5: session host ready') resolve();
    });
  });
  return {
    child,
    s3Endpoint,
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

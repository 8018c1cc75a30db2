// `node --import tsx bench/edge-front.ts`: what npm start's front (scripts/edge-front.ts, which sets
// the client address) costs on an authenticated GET, side by side with workerd reached directly,
// measured by wrk (Debian's package) over loopback, two rounds each. Bounded in time; stops by itself.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildEdge } from '../scripts/build-edge.js';
import { startEdgeFront } from '../scripts/edge-front.js';
import { startTestStack } from '../test-support/stack.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** wrk in a child process: the stack's libSQL server runs in this process and must keep answering. */
async function wrk(url: URL, token: string) {
  const { stdout } = await run('wrk', ['-t1', '-c2', `-d${SECONDS}s`, '--latency', '-H', `Authorization: Bearer ${token}`, url.href]);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]), p50: /^\s+50%\s+(\S+)/m.exec(stdout)?.[1], p99: /^\s+99%\s+(\S+)/m.exec(stdout)?.[1] };
}

buildEdge();
const stack = await startTestStack({ edge: { port: 0 } });
const front = await startEdgeFront({ target: stack.url, port: 0, host: '127.0.0.1' });
try {
  const token = await stack.createSession('bench');
  const path = '/api/v1/webhook?sessionId=bench';
  console.log(`GET ${path} with a session token, wrk 2 connections, ${SECONDS} s per round:`);
  for (let round = 1; round <= 2; round++) {
    const direct = await wrk(new URL(path, stack.url), token);
    const fronted = await wrk(new URL(path, front.url), token);
    console.log(
      `  round ${round}: workerd ${direct.rps.toFixed(0)} req/s (p50 ${direct.p50}, p99 ${direct.p99})   through the front ${fronted.rps.toFixed(0)} req/s (p50 ${fronted.p50}, p99 ${fronted.p99})   → ${(fronted.rps / direct.rps).toFixed(2)}×`,
    );
  }
} finally {
  await front.close();
  await stack.close();
}

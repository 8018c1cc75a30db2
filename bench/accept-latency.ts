// Latency of an accepted POST /messages under an open-loop load (requests start on schedule,
// whether or not earlier ones have answered), while the host sends them to the simulator.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildGateway } from '../test-support/child-gateway.js';

export interface LatencyResult {
  rate: number;
  requests: number;
  accepted: number;
  /** Answers other than 200, by status. */
  refused: Record<number, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const CONTACT = '6281230000002';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Open-loop runs at each of `rates` for `seconds` each, on one session paired for them, against
 * `edgeUrl` (the gateway's own edge unless another serves its data). */
export async function measureAcceptLatency(gw: ChildGateway, rates: number[], seconds: number, edgeUrl = gw.url): Promise<LatencyResult[]> {
  gw.sim.addContact(CONTACT, { name: 'Latency' });
  const token = await gw.pairSession('latency', '6280000000102', 'Latency');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = (i: number) => JSON.stringify({ recipient_type: 'individual', to: CONTACT, type: 'text', text: { body: `latency ${i}` } });
  // Warm-up: JIT, connection pool, the Signal session.
  for (let i = 0; i < 50; i++) await post(edgeUrl, headers, body(-1)).then((r) => r.arrayBuffer());
  const results: LatencyResult[] = [];
  for (const rate of rates) results.push(await openLoop(edgeUrl, headers, body, rate, seconds));
  return results;
}

/** Straight to the edge's socket, as an outside client would: Miniflare's dispatchFetch costs this
 * process (which also runs the simulator) milliseconds of CPU per request and would measure itself. */
const post = (edgeUrl: URL, headers: Record<string, string>, body: string) =>
  fetch(new URL('/api/v1/messages?sessionId=latency', edgeUrl), { method: 'POST', headers, body });

async function openLoop(edgeUrl: URL, headers: Record<string, string>, body: (i: number) => string, rate: number, seconds: number): Promise<LatencyResult> {
  const total = rate * seconds;
  const latencies: number[] = [];
  let accepted = 0;
  const refused = new Map<number, number>();
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(
      (async () => {
        const start = performance.now();
        const res = await post(edgeUrl, headers, body(i));
        await res.arrayBuffer();
        latencies.push(performance.now() - start);
        if (res.status === 200) accepted++;
        else refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
      })(),
    );
  }
  await Promise.all(inflight);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate,
    requests: total,
    accepted,
    refused: Object.fromEntries(refused),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export interface WrkResult {
  connections: number;
  /** Requests answered 200 per second: what the gateway sustained. */
  accepted: number;
  /** Requests that got another status, or a socket error or timeout, in the run. */
  failed: number;
  p50: number;
  p90: number;
  p99: number;
}

/** The same accept path measured by wrk (a native HTTP client, Debian's `wrk` package) over each of
 * `connectionCounts` keep-alive connections in turn: closed loop, so the rate is what the gateway
 * sustains (wrk 4 has no fixed-rate mode; the open loop above measures latency at a given rate).
 * Null when wrk is not installed. */
export async function measureAcceptLatencyWithWrk(
  gw: ChildGateway,
  connectionCounts: number[],
  seconds: number,
  edgeUrl = gw.url,
): Promise<WrkResult[] | null> {
  const run = promisify(execFile);
  // `wrk --version` exits 1.
  const installed = await run('wrk', ['--version']).then(
    () => true,
    (err: NodeJS.ErrnoException) => err.code !== 'ENOENT',
  );
  if (!installed) return null;
  gw.sim.addContact(CONTACT, { name: 'Latency' });
  const token = await gw.pairSession('wrk', '6280000000103', 'Wrk');
  const script = fileURLToPath(new URL('./wrk-post.lua', import.meta.url));
  const url = new URL('/api/v1/messages?sessionId=wrk', edgeUrl).href;
  const results: WrkResult[] = [];
  // One run at a time, asynchronously: the simulator in this process keeps serving the host meanwhile.
  for (const connections of connectionCounts) {
    const { stdout: out } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, '--latency', url], {
      env: { ...process.env, WRK_TOKEN: token, WRK_TO: CONTACT },
    });
    const ms = (label: string) => {
      const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
      if (!m) return NaN;
      const value = Number(m[1]);
      return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
    };
    const done = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(out);
    const requests = Number(done?.[1] ?? NaN);
    const duration = Number(done?.[2] ?? NaN) * (done?.[3] === 'ms' ? 0.001 : done?.[3] === 'm' ? 60 : 1);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const errors = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    results.push({ connections, accepted: (requests - non2xx) / duration, failed: non2xx + errors, p50: ms('50'), p90: ms('90'), p99: ms('99') });
  }
  return results;
}

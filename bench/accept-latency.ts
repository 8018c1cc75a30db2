// Latency of an accepted POST /messages under an open-loop load (requests start on schedule,
// whether or not earlier ones have answered), while the host sends them to the simulator.
import type { ChildGateway } from '../test-support/child-gateway.js';

export interface LatencyResult {
  rate: number;
  requests: number;
  accepted: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const CONTACT = '6281230000002';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function measureAcceptLatency(gw: ChildGateway, rate: number, seconds: number): Promise<LatencyResult> {
  gw.sim.addContact(CONTACT, { name: 'Latency' });
  const token = await gw.pairSession('latency', '6280000000102', 'Latency');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = (i: number) => JSON.stringify({ recipient_type: 'individual', to: CONTACT, type: 'text', text: { body: `latency ${i}` } });
  // Warm-up: JIT, connection pool, the Signal session.
  for (let i = 0; i < 50; i++) await gw.fetch('/api/v1/messages?sessionId=latency', { method: 'POST', headers, body: body(-1) }).then((r) => r.arrayBuffer());

  const total = rate * seconds;
  const latencies: number[] = [];
  let accepted = 0;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(
      (async () => {
        const start = performance.now();
        const res = await gw.fetch('/api/v1/messages?sessionId=latency', { method: 'POST', headers, body: body(i) });
        await res.arrayBuffer();
        latencies.push(performance.now() - start);
        if (res.status === 200) accepted++;
      })(),
    );
  }
  await Promise.all(inflight);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate,
    requests: total,
    accepted,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** The same accept path measured by wrk (a native HTTP client, from Debian's `wrk` package) over
 * `connections` keep-alive connections: closed loop, so the rate is what the gateway sustains. */
export async function measureAcceptLatencyWithWrk(
  gw: ChildGateway,
  connectionCounts: number[],
  seconds: number,
): Promise<{ connections: number; rate: number; p50: number; p90: number; p99: number }[] | null> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  const token = await gw.pairSession('wrk', '6280000000103', 'Wrk');
  const script = join(mkdtempSync(join(tmpdir(), 'wag-wrk-')), 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = '{"recipient_type":"individual","to":"${CONTACT}","type":"text","text":{"body":"wrk"}}'\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer ${token}"\n`,
  );
  return connectionCounts.map((connections) => {
    const out = execFileSync(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, '--latency', new URL('/api/v1/messages?sessionId=wrk', gw.url).href],
      { encoding: 'utf8' },
    );
    const ms = (label: string) => {
      const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
      if (!m) return NaN;
      const value = Number(m[1]);
      return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
    };
    return { connections, rate: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), p50: ms('50'), p90: ms('90'), p99: ms('99') };
  });
}

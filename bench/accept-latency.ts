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
  return { rate, requests: total, accepted, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

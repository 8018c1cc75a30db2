// Host memory as the soak samples it: the session host's own /metrics (prom-client's process and
// V8 gauges), so the figures are the host process's, read the way an operator's scraper reads them.

export interface MemorySample {
  minute: number;
  rssMiB: number;
  heapUsedMiB: number;
}

const MiB = 1024 * 1024;
/** A scrape the host has not answered by then is reported as missed. */
const SCRAPE_LIMIT_MS = 30_000;

function gauge(exposition: string, name: string): number {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line.slice(name.length + 1).split(' ')[0]);
}

export async function hostMemory(hostUrl: string, token: string, minute: number): Promise<MemorySample> {
  const res = await fetch(`${hostUrl}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(SCRAPE_LIMIT_MS) });
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const text = await res.text();
  return { minute, rssMiB: gauge(text, 'process_resident_memory_bytes') / MiB, heapUsedMiB: gauge(text, 'nodejs_heap_size_used_bytes') / MiB };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Growth from the start of a series to its end, each end the median of up to 3 samples so one
 * sample caught just before a garbage collection does not decide it. */
export function growth(values: number[]): { from: number; to: number; ratio: number } {
  const k = Math.max(1, Math.min(3, Math.floor(values.length / 2)));
  const from = median(values.slice(0, k));
  const to = median(values.slice(-k));
  return { from, to, ratio: (to - from) / from };
}

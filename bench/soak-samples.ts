// Host memory as the soak samples it. What the kernel says comes from /proc: RSS (the figure prom-client's
// process_resident_memory_bytes reads too), its split into anonymous memory (V8 heaps, malloc) and
// mapped files (code, the database file), and open descriptors; a host too busy to answer still gets
// these. What only the process knows (V8 heaps, Buffers, handles) comes from its own /metrics, read
// the way an operator's scraper reads it; a scrape it does not answer leaves those NaN.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySample {
  minute: number;
  rssMiB: number;
  rssAnonMiB: number;
  rssFileMiB: number;
  openFds: number;
  /** Why the /metrics figures below are NaN, when they are. */
  missed?: string;
  heapUsedMiB: number;
  heapTotalMiB: number;
  /** Memory V8 knows of outside its heap (Buffers, ArrayBuffers, native objects that report it). */
  externalMiB: number;
  arrayBuffersMiB: number;
  /** The embedded database thread's own V8 heap. */
  dbThreadHeapMiB: number;
  activeHandles: number;
  /** RSS less the committed V8 heap of the main thread: what a leak of native memory (or malloc
   * fragmentation) would grow, while a busy heap that grew its committed space would not. */
  outsideHeapMiB: number;
}

type Figure = Exclude<keyof MemorySample, 'minute' | 'missed'>;

/** The figures the soak prints and compares, in order. */
export const SAMPLE_COLUMNS: readonly (readonly [Figure, string])[] = [
  ['rssMiB', 'RSS'],
  ['rssAnonMiB', 'anon'],
  ['rssFileMiB', 'file'],
  ['heapUsedMiB', 'heap used'],
  ['heapTotalMiB', 'heap total'],
  ['outsideHeapMiB', 'RSS outside heap'],
  ['externalMiB', 'external'],
  ['arrayBuffersMiB', 'arrayBuffers'],
  ['dbThreadHeapMiB', 'db thread heap'],
  ['openFds', 'fds'],
  ['activeHandles', 'handles'],
];

const MiB = 1024 * 1024;
/** A scrape the host has not answered by then is reported as missed (a host starved of CPU on a
 * loaded machine takes tens of seconds to get to it; the next sample is due a minute on). */
const SCRAPE_LIMIT_MS = 50_000;

function gauge(exposition: string, name: string): number {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line.slice(name.length + 1).split(' ')[0]);
}

/** A `VmRSS`-style line of /proc/<pid>/status, in MiB (Linux). */
function statusMiB(status: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function scrape(hostUrl: string, token: string) {
  const res = await fetch(`${hostUrl}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(SCRAPE_LIMIT_MS) });
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const text = await res.text();
  return {
    heapUsedMiB: gauge(text, 'nodejs_heap_size_used_bytes') / MiB,
    heapTotalMiB: gauge(text, 'nodejs_heap_size_total_bytes') / MiB,
    externalMiB: gauge(text, 'nodejs_external_memory_bytes') / MiB,
    arrayBuffersMiB: gauge(text, 'wa_process_array_buffers_bytes') / MiB,
    dbThreadHeapMiB: gauge(text, 'wa_database_thread_heap_used_bytes') / MiB,
    activeHandles: gauge(text, 'nodejs_active_handles_total'),
  };
}

const UNSCRAPED = { heapUsedMiB: NaN, heapTotalMiB: NaN, externalMiB: NaN, arrayBuffersMiB: NaN, dbThreadHeapMiB: NaN, activeHandles: NaN };

export async function hostMemory(hostUrl: string, token: string, minute: number, pid: number): Promise<MemorySample> {
  const fromProcess = await scrape(hostUrl, token).then(
    (figures) => ({ ...figures, missed: undefined }),
    (err: unknown) => ({
      ...UNSCRAPED,
      missed: err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err),
    }),
  );
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssMiB = statusMiB(status, 'VmRSS');
  return {
    minute,
    rssMiB,
    outsideHeapMiB: rssMiB - fromProcess.heapTotalMiB,
    rssAnonMiB: statusMiB(status, 'RssAnon'),
    rssFileMiB: statusMiB(status, 'RssFile'),
    openFds: readdirSync(`/proc/${pid}/fd`).length,
    ...fromProcess,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Growth from the start of a series to its end, each end the median of up to 3 samples so one
 * sample caught just before a garbage collection does not decide it; missed samples (NaN) skipped. */
export function growth(all: number[]): { from: number; to: number; ratio: number } {
  const values = all.filter((v) => !Number.isNaN(v));
  const k = Math.max(1, Math.min(3, Math.floor(values.length / 2)));
  const from = median(values.slice(0, k));
  const to = median(values.slice(-k));
  return { from, to, ratio: (to - from) / from };
}

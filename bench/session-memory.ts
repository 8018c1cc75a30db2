// Resident memory of a session host process per connected session: the host runs alone in a
// child process; RSS is read from /proc before any session and after N are connected.
import { readFileSync } from 'node:fs';
import { startChildGateway } from '../test-support/child-gateway.js';

export interface MemoryResult {
  sessions: number;
  baselineMiB: number;
  loadedMiB: number;
  perSessionMiB: number;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureSessionMemory(sessions: number, concurrency = 4): Promise<MemoryResult> {
  const gw = await startChildGateway({}, { embeddedStorage: true });
  try {
    await gw.startHost();
    const pid = gw.child!.pid!;
    await settle(3000);
    const baselineMiB = rssMiB(pid);
    let next = 0;
    const worker = async () => {
      while (next < sessions) {
        const i = next++;
        await gw.pairSession(`mem${i}`, String(6280000100000 + i), `Memory ${i}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await settle(10_000);
    const loadedMiB = rssMiB(pid);
    return { sessions, baselineMiB, loadedMiB, perSessionMiB: (loadedMiB - baselineMiB) / sessions };
  } finally {
    await gw.close();
  }
}

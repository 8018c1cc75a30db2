// Many paired sessions without a QR scan each: a scan makes the host register a socket, show a QR
// and, at the first login, generate and upload 812 one-time prekeys, about two seconds of host CPU
// per session on a shared box (profiled), so a thousand would take most of an hour. Here each
// session's keys are made in this process (Baileys' initAuthCreds, as the host would), the simulated
// phone links the device with a scan's checks (simulator linkWithoutScan), and the paired
// credentials and ten prekeys go into the gateway's database through its own auth-state store.
// The host then finds them as a restarted host finds its sessions: it logs in, no QR.
import { loadAuthState } from '../session-host/src/auth-state/libsql-auth-state.js';
import { linkWithoutScan } from '../simulator/src/testing.js';
import type { ChildGateway } from '../test-support/child-gateway.js';

export interface SeededSession {
  sessionId: string;
  phone: string;
  name: string;
}

/** `sessions` created through the API while no host runs (each waits for one), linked at the
 * simulator and stored paired, `concurrency` at a time. */
export async function seedPairedSessions(gw: ChildGateway, sessions: SeededSession[], concurrency: number, progress?: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < sessions.length) {
      const s = sessions[next++]!;
      // A busy shared box sometimes answers a 500 (a database call that timed out): ask again.
      await gw.createSession(s.sessionId).catch(() => gw.createSession(s.sessionId));
      const auth = await loadAuthState(gw.db, s.sessionId);
      await linkWithoutScan(gw.sim, auth, s.phone, s.name);
      await auth.saveCreds();
      progress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

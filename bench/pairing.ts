// Pairing for benchmarks on a loaded machine: each session through the API as a user pairs one
// (create, read its QR, the simulated phone scans it, CONNECTED), with waits long enough for a
// shared 2-core box and one session read per poll (the whole list would cost the edge a thousand
// rows a poll at scale).
import type { ChildGateway } from '../test-support/child-gateway.js';

type SessionView = { status: string; qr: string | null };

/** Longest wait for one pairing step. */
const STEP_LIMIT_MS = 300_000;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForStatus(gw: ChildGateway, sessionId: string, pred: (s: SessionView) => boolean): Promise<SessionView> {
  const deadline = Date.now() + STEP_LIMIT_MS;
  for (;;) {
    const { status, body } = await gw.json<SessionView>('GET', `/api/v1/sessions/${sessionId}`, { headers: { 'x-master-key': gw.masterKey } });
    if (status === 200 && pred(body)) return body;
    if (Date.now() > deadline) throw new Error(`session ${sessionId}: still ${body.status} after ${STEP_LIMIT_MS / 1000} s`);
    await settle(250);
  }
}

/** Creates the session, scans its QR with `phone`, waits for CONNECTED; returns its token. */
export async function pairByQr(gw: ChildGateway, sessionId: string, phone: string, name: string): Promise<string> {
  const token = await gw.createSession(sessionId);
  // A QR whose socket closed meanwhile (its refs ran out on a slow machine) is refused: scan the next one.
  for (let tries = 1; ; tries++) {
    const { qr } = await waitForStatus(gw, sessionId, (s) => s.status === 'QR' && Boolean(s.qr));
    const scanned = await gw.sim.scan(qr!, { phone, name }).then(
      () => true,
      (err: unknown) => (tries < 5 ? false : Promise.reject(err)),
    );
    if (scanned) break;
    await settle(1000);
  }
  await waitForStatus(gw, sessionId, (s) => s.status === 'CONNECTED');
  return token;
}

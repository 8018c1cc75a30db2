import type { Simulator } from '../simulator/src/index.js';
import type { JsonResult } from './infra.js';

/** A session as the master key sees it in GET /sessions. */
export type SessionView = { sessionId: string; status: string; detail: string | null; qr: string | null; token?: string | null };
type Json = <T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => Promise<JsonResult<T>>;

/** Session steps every gateway test takes, through the public API and the simulated phone. */
export function sessionHelpers(json: Json, masterKey: string, sim?: Simulator) {
  /** Polls GET /sessions (with the master key, which sees qr and detail) until the session matches. */
  const waitForSession = async (sessionId: string, pred: (s: SessionView) => boolean, timeoutMs = 30_000): Promise<SessionView> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const { body } = await json<SessionView[]>('GET', '/api/v1/sessions', { headers: { 'x-master-key': masterKey } });
      const found = body.find((s) => s.sessionId === sessionId);
      last = found;
      if (found && pred(found)) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`session ${sessionId} did not reach the expected state; last: ${JSON.stringify(last)}`);
  };
  /** Creates a session with the master key and returns its token. */
  const createSession = async (sessionId: string): Promise<string> => {
    const res = await json('POST', '/api/v1/sessions', { body: { sessionId }, headers: { 'x-master-key': masterKey } });
    if (res.status !== 201) throw new Error(`createSession ${sessionId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  /** Creates a session, lets the simulated phone scan its QR, waits for CONNECTED; returns the token. */
  const pairSession = async (sessionId: string, phone: string, name: string): Promise<string> => {
    if (!sim) throw new Error('pairSession needs the simulator');
    const token = await createSession(sessionId);
    const { qr } = await waitForSession(sessionId, (s) => s.status === 'QR' && Boolean(s.qr));
    await sim.scan(qr!, { phone, name });
    await waitForSession(sessionId, (s) => s.status === 'CONNECTED');
    return token;
  };
  /** A connected session of a test's own (its own phone) with its webhook on `webhookUrl`, and a
   * sender of texts to `to` that returns each accepted message's id: no test leans on another's
   * session having paired, dropped or restarted first. */
  const ownSession = async (sessionId: string, phone: string, options: { webhookUrl: string; to: string; name?: string }) => {
    const token = await pairSession(sessionId, phone, options.name ?? 'John Doe');
    const headers = { authorization: `Bearer ${token}` };
    await json('POST', '/api/v1/webhook', { body: { sessionId, url: options.webhookUrl }, headers });
    const sendText = async (body: string): Promise<string> => {
      const res = await json('POST', `/api/v1/messages?sessionId=${sessionId}`, {
        body: { recipient_type: 'individual', to: options.to, type: 'text', text: { body } },
        headers,
      });
      if (res.status !== 200 || res.body[0]?.status !== 'success') throw new Error(`send to ${options.to}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body[0].messageId as string;
    };
    return { token, sendText };
  };
  return { waitForSession, createSession, pairSession, ownSession };
}

/**
 * Faults on demand, aimed at the logged-in connections of one account (or of every account).
 */
import type { Conn } from './connection.js';
import type { SimCore } from './core.js';

export function loggedIn(sim: SimCore, phone?: string): Conn[] {
  const digits = phone?.replace(/\D/g, '');
  return [...sim.conns].filter((c) => c.companion && !c.closed && (!digits || c.companion.account.phone === digits));
}

/** network failure: the socket disappears without a close handshake */
export function drop(sim: SimCore, phone?: string): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) c.terminate();
  return conns.length;
}

/** `<stream:error code=…/>` then close (515 = restart required, 503 = service unavailable …) */
export function streamError(sim: SimCore, code = '503', phone?: string): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) {
    c.send({ tag: 'stream:error', attrs: { code } });
    setTimeout(() => c.close(), 20);
  }
  return conns.length;
}

/** a zombie server: the account's connections stay open, and the server keeps sending a frame a
 * second so the socket never looks silent, but it handles nothing the client sends (no acks, no
 * delivery, no answers) — with `answerPings`, nothing but keep-alive pings */
export function freeze(sim: SimCore, phone?: string, options: { answerPings?: boolean } = {}): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) {
    c.frozen = { answerPings: options.answerPings ?? false };
    const heartbeat = setInterval(() => (c.closed ? clearInterval(heartbeat) : c.send({ tag: 'ib', attrs: {} })), 1000);
    heartbeat.unref();
  }
  return conns.length;
}

/** another client took over this device: `<stream:error><conflict type='replaced'/>` (Baileys: 440) */
export function conflict(sim: SimCore, phone?: string): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) {
    c.send({ tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] });
    setTimeout(() => c.close(), 20);
  }
  return conns.length;
}

/** the phone removed the linked device: 401 now, and `failure 401` on any later login */
export function logout(sim: SimCore, phone?: string): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) {
    const comp = c.companion!;
    comp.account.companions.delete(comp.device);
    c.send({ tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] });
    setTimeout(() => c.close(), 20);
  }
  return conns.length;
}

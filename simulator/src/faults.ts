/**
 * Faults on demand, aimed at the logged-in connections of one account (or of every account).
 */
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { SimCore } from './core.js';
import { handleOutgoingMessage } from './messages.js';

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
  for (const c of conns) c.endStream({ tag: 'stream:error', attrs: { code } });
  return conns.length;
}

/** The connection ends amid a burst of sends, at a precise stanza: of the account's next message
 * stanzas to contacts, the first `acked` are handled as usual, the next `unacked` are delivered to the
 * contact but never acknowledged, the next `lost` reach the server but are never handled (lost with the
 * connection); right after the last of them, `<stream:error code>` and close. Anything later is never
 * handled either. */
export function closeAmidSends(sim: SimCore, phone: string | undefined, plan: { acked?: number; unacked?: number; lost?: number; code?: string }): number {
  const cut = { acked: plan.acked ?? 0, unacked: plan.unacked ?? 0, lost: plan.lost ?? 0, code: plan.code ?? '503', seen: 0 };
  if (cut.acked + cut.unacked + cut.lost < 1) throw new Error('closeAmidSends: plan at least one stanza');
  const conns = loggedIn(sim, phone);
  for (const c of conns) c.cut = { ...cut };
  return conns.length;
}

/** A message stanza to a contact on a connection the closeAmidSends fault is armed on. */
export async function cutMessage(sim: SimCore, conn: Conn, node: BinaryNode): Promise<void> {
  const cut = conn.cut!;
  const n = ++cut.seen;
  if (n <= cut.acked) await handleOutgoingMessage(sim, conn, node);
  else if (n <= cut.acked + cut.unacked) await handleOutgoingMessage(sim, conn, node, { ack: false });
  else sim.lostMessages.push({ id: node.attrs.id ?? '', from: conn.companion?.account.phone ?? '', toJid: node.attrs.to ?? '' });
  if (n < cut.acked + cut.unacked + cut.lost) return;
  conn.cut = undefined;
  conn.endStream({ tag: 'stream:error', attrs: { code: cut.code } });
  sim.changed();
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
  for (const c of conns) c.endStream({ tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] });
  return conns.length;
}

/** the phone removed the linked device: 401 now, and `failure 401` on any later login */
export function logout(sim: SimCore, phone?: string): number {
  const conns = loggedIn(sim, phone);
  for (const c of conns) {
    const comp = c.companion!;
    comp.account.companions.delete(comp.device);
    c.endStream({ tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] });
  }
  return conns.length;
}

import type { WASocket } from '@whiskeysockets/baileys';

const TTL_MS = 60 * 60 * 1000;

/** Remembers which numbers are on WhatsApp, so each is asked once an hour, not once a message. */
export class RecipientCheck {
  private readonly known = new Map<string, { exists: boolean; at: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  async exists(sock: Pick<WASocket, 'onWhatsApp'>, jid: string): Promise<boolean> {
    if (!jid.endsWith('@s.whatsapp.net')) return true;
    const hit = this.known.get(jid);
    if (hit && this.clock() - hit.at < TTL_MS) return hit.exists;
    const answer = await sock.onWhatsApp(jid);
    // Baileys lists only numbers that are on WhatsApp (an empty list: this one is not), and gives
    // undefined when the query got no answer (timed out, connection died): that says nothing about
    // the number, so the send is retried and nothing is remembered.
    if (!answer) throw new Error(`WhatsApp did not answer whether ${jid.split('@')[0]} is on WhatsApp`);
    const exists = Boolean(answer[0]?.exists);
    this.known.set(jid, { exists, at: this.clock() });
    return exists;
  }
}

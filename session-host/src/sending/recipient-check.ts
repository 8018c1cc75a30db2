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
    const [result] = (await sock.onWhatsApp(jid)) ?? [];
    // Baileys answers nothing (not `exists: false`) when the query timed out or the connection
    // died: that says nothing about the number, so the send is retried and nothing is remembered.
    if (!result) throw new Error(`WhatsApp did not answer whether ${jid.split('@')[0]} is on WhatsApp`);
    this.known.set(jid, { exists: result.exists, at: this.clock() });
    return result.exists;
  }
}

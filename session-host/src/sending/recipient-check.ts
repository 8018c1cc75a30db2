import type { WASocket } from '@whiskeysockets/baileys';

const TTL_MS = 60 * 60 * 1000;
type NumberCheck = Pick<WASocket, 'onWhatsApp'>;

/** Remembers which numbers are on WhatsApp, so each is asked once an hour, not once a message. */
export class RecipientCheck {
  private readonly known = new Map<string, { exists: boolean; at: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  async exists(sock: NumberCheck, jid: string): Promise<boolean> {
    if (!isPhoneJid(jid)) return true;
    const hit = this.remembered(jid);
    if (hit !== undefined) return hit;
    const answer = await sock.onWhatsApp(jid);
    // Baileys lists only numbers that are on WhatsApp (an empty list: this one is not), and gives
    // undefined when the query got no answer (timed out, connection died): that says nothing about
    // the number, so the send is retried and nothing is remembered.
    if (!answer) throw new Error(`WhatsApp did not answer whether ${jid.split('@')[0]} is on WhatsApp`);
    const exists = Boolean(answer[0]?.exists);
    this.known.set(jid, { exists, at: this.clock() });
    return exists;
  }

  /** Asks about every number not remembered in one query (a batch of sends to new contacts would
   * otherwise ask one by one); no answer leaves them to `exists`. Answers the numbers on WhatsApp. */
  async checkMany(sock: NumberCheck, jids: readonly string[]): Promise<string[]> {
    const unknown = [...new Set(jids)].filter((jid) => isPhoneJid(jid) && this.remembered(jid) === undefined);
    if (unknown.length > 0) {
      const answer = await sock.onWhatsApp(...unknown);
      if (answer) {
        const onWhatsApp = new Set(answer.filter((a) => a.exists).map((a) => userOf(a.jid)));
        const at = this.clock();
        for (const jid of unknown) this.known.set(jid, { exists: onWhatsApp.has(userOf(jid)), at });
      }
    }
    return [...new Set(jids)].filter((jid) => isPhoneJid(jid) && this.remembered(jid) === true);
  }

  private remembered(jid: string): boolean | undefined {
    const hit = this.known.get(jid);
    return hit && this.clock() - hit.at < TTL_MS ? hit.exists : undefined;
  }
}

const isPhoneJid = (jid: string) => jid.endsWith('@s.whatsapp.net');
const userOf = (jid: string) => jid.split('@')[0]!.split(':')[0]!;

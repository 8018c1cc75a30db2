import type { WASocket } from '@whiskeysockets/baileys';
import { RecentMap } from './recent-map.js';

const TTL_MS = 60 * 60 * 1000;
/** Numbers remembered at most; the governor lets a session reach far fewer new numbers an hour. */
const MAX_REMEMBERED = 10_000;
type NumberCheck = Pick<WASocket, 'onWhatsApp'>;

/** Remembers which numbers are on WhatsApp, so each is asked once an hour, not once a message.
 * Answers older than the hour are dropped as new ones come in, so the memory follows the numbers
 * of the last hour, not every number the session ever wrote to. */
export class RecipientCheck {
  private readonly known = new RecentMap<string, { exists: boolean; at: number }>(MAX_REMEMBERED);

  constructor(private readonly clock: () => number = Date.now) {}

  /** Numbers whose answer is held (for tests of the bound). */
  get rememberedCount(): number {
    return this.known.size;
  }

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
    this.remember(jid, exists, this.clock());
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
        for (const jid of unknown) this.remember(jid, onWhatsApp.has(userOf(jid)), at);
      }
    }
    return [...new Set(jids)].filter((jid) => isPhoneJid(jid) && this.remembered(jid) === true);
  }

  private remember(jid: string, exists: boolean, at: number): void {
    this.known.set(jid, { exists, at });
    this.known.dropOldestWhile((answer) => at - answer.at >= TTL_MS);
  }

  private remembered(jid: string): boolean | undefined {
    const hit = this.known.get(jid);
    return hit && this.clock() - hit.at < TTL_MS ? hit.exists : undefined;
  }
}

const isPhoneJid = (jid: string) => jid.endsWith('@s.whatsapp.net');
const userOf = (jid: string) => jid.split('@')[0]!.split(':')[0]!;

import type { WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { RecipientCheck } from './recipient-check.js';

export type PrefetchSocket = Pick<WASocket, 'onWhatsApp' | 'getUSyncDevices' | 'assertSessions'>;

/** Before a batch of sends, what Baileys would otherwise fetch recipient by recipient: whether each
 * number is on WhatsApp (one usync query), their devices (one usync query) and a Signal session
 * with every device (one prekey fetch). A send to a new contact then costs no round trip before it
 * goes, and the batch's sends stay one after another, in order. Best effort: whatever fails here
 * is fetched again by the send itself. */
export class BatchPrefetch {
  constructor(
    private readonly recipients: RecipientCheck,
    private readonly logger: Logger,
  ) {}

  async prepare(sock: PrefetchSocket, jids: readonly string[]): Promise<void> {
    // One recipient: Baileys' own path asks exactly the same questions.
    if (new Set(jids).size < 2) return;
    try {
      const onWhatsApp = await this.recipients.checkMany(sock, jids);
      if (onWhatsApp.length === 0) return;
      const devices = await sock.getUSyncDevices(onWhatsApp, true, false);
      await sock.assertSessions(devices.map((d) => d.jid));
    } catch (err) {
      this.logger.debug({ err, recipients: jids.length }, 'batch prefetch failed; each send fetches its own');
    }
  }
}

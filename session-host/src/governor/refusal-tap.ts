import type { BinaryNode, WASocket } from '@whiskeysockets/baileys';

export interface Refusal {
  id: string;
  /** the JID the refused stanza was addressed to */
  to: string;
  code: string;
}

/** Calls back for each message stanza WhatsApp's server acks with an error (refused, nobody got it).
 * Read from the ack itself: Baileys' `messages.update` for it carries status ERROR (0), which its
 * event buffer drops when it merges the update with an earlier one for the same message. */
export function tapRefusals(sock: Pick<WASocket, 'ws'>, onRefusal: (refusal: Refusal) => void): void {
  sock.ws.on('CB:ack,class:message', (node: BinaryNode) => {
    const { id, from, error } = node.attrs;
    if (error && id) onRefusal({ id, to: from ?? '', code: error });
  });
}

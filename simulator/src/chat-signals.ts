/**
 * What a client tells its contacts besides messages: read receipts (`<receipt type='read'>`, or
 * 'read-self' when the account hides its read receipts), chat states (`<chatstate>` composing,
 * recording = composing with media='audio', paused) and its own presence (`<presence>`).
 * Recorded per contact so tests can see exactly what the gateway sent.
 */
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Directory } from './contacts.js';

export interface ReadReceipt {
  /** the account (phone digits) whose client sent it */
  account: string;
  /** the contact (phone digits) whose messages were read; for a group, the message's sender */
  contact: string;
  /** the chat JID the receipt was addressed to */
  chat: string;
  /** every message id the receipt covers, in order */
  ids: string[];
  type: 'read' | 'read-self';
}

export type ChatStateName = 'composing' | 'recording' | 'paused';

export interface ChatState {
  account: string;
  contact: string;
  chat: string;
  state: ChatStateName;
}

export interface PresenceUpdate {
  account: string;
  type: 'available' | 'unavailable';
  name?: string;
}

export class ChatSignals {
  readonly readReceipts: ReadReceipt[] = [];
  readonly chatStates: ChatState[] = [];
  readonly presences: PresenceUpdate[] = [];

  constructor(private readonly dir: Directory) {}

  /** Records a read receipt the client sent; false for any other receipt. */
  onReceipt(account: string, node: BinaryNode): boolean {
    const type = node.attrs.type;
    if (type !== 'read' && type !== 'read-self') return false;
    const chat = node.attrs.to ?? '';
    const list = Array.isArray(node.content) ? node.content.find((child) => child.tag === 'list') : undefined;
    const more = Array.isArray(list?.content) ? list.content.map((item) => item.attrs.id ?? '') : [];
    const ids = [node.attrs.id ?? '', ...more].filter(Boolean);
    this.readReceipts.push({ account, contact: this.phoneOf(node.attrs.participant ?? chat), chat, ids, type });
    return true;
  }

  /** Records a `<chatstate>` or `<presence>` stanza; false for any other. */
  onStanza(account: string, node: BinaryNode): boolean {
    if (node.tag === 'chatstate') {
      const child = Array.isArray(node.content) ? node.content[0] : undefined;
      if (child?.tag !== 'composing' && child?.tag !== 'paused') return false;
      const state: ChatStateName = child.tag === 'composing' && child.attrs.media === 'audio' ? 'recording' : child.tag;
      const chat = node.attrs.to ?? '';
      this.chatStates.push({ account, contact: this.phoneOf(chat), chat, state });
      return true;
    }
    if (node.tag === 'presence' && (node.attrs.type === 'available' || node.attrs.type === 'unavailable')) {
      this.presences.push({ account, type: node.attrs.type, ...(node.attrs.name ? { name: node.attrs.name } : {}) });
      return true;
    }
    return false;
  }

  /** The phone digits behind a PN or LID JID (the JID itself when nobody has it). */
  private phoneOf(jid: string): string {
    const found = this.dir.resolve(jid);
    if (found?.kind === 'contact') return found.contact.phone;
    if (found?.kind === 'account') return found.account.phone;
    return jid;
  }
}

/** The part of the simulator's public API that reads these records. */
export interface ChatSignalsApi {
  /** read receipts the client sent for a contact's messages (phone digits), or all */
  readReceipts(contact?: string): ReadReceipt[];
  /** waits until a read receipt covering `messageId` was sent for `contact`'s messages */
  waitForReadReceipt(contact: string, messageId: string, timeoutMs?: number): Promise<ReadReceipt>;
  /** chat states (composing, recording, paused) the client sent to a contact, in order, or all */
  chatStates(contact?: string): ChatState[];
  /** waits until the client sent `count` chat states to `contact` (matching `pred`) */
  waitForChatStates(contact: string, opts?: { count?: number; pred?: (s: ChatState) => boolean; timeoutMs?: number }): Promise<ChatState[]>;
  /** the presence (available / unavailable) updates accounts' clients sent, or one account's */
  presences(account?: string): PresenceUpdate[];
  /** waits until the account's client sent a presence of this type, after the first `after` ones */
  waitForPresence(account: string, type: PresenceUpdate['type'], opts?: { after?: number; timeoutMs?: number }): Promise<PresenceUpdate>;
}

type Waiter = <T>(pred: () => T | undefined | false, timeoutMs: number, what: string) => Promise<T>;

export function chatSignalsApi(signals: ChatSignals, waitFor: Waiter): ChatSignalsApi {
  const digits = (phone: string) => phone.replace(/\D/g, '');
  const receiptsFor = (contact?: string) => signals.readReceipts.filter((r) => !contact || r.contact === digits(contact));
  const statesFor = (contact?: string) => signals.chatStates.filter((s) => !contact || s.contact === digits(contact));
  return {
    readReceipts: (contact) => receiptsFor(contact),
    waitForReadReceipt: (contact, messageId, timeoutMs = 20_000) =>
      waitFor(() => receiptsFor(contact).find((r) => r.ids.includes(messageId)), timeoutMs, `a read receipt for ${messageId} from ${contact}`),
    chatStates: (contact) => statesFor(contact),
    waitForChatStates(contact, opts = {}) {
      const count = opts.count ?? 1;
      return waitFor(
        () => {
          const states = statesFor(contact).filter((s) => !opts.pred || opts.pred(s));
          return states.length >= count ? states : undefined;
        },
        opts.timeoutMs ?? 20_000,
        `${count} chat state(s) to ${contact}`,
      );
    },
    presences: (account) => signals.presences.filter((p) => !account || p.account === digits(account)),
    waitForPresence: (account, type, opts = {}) =>
      waitFor(
        () =>
          signals.presences
            .filter((p) => p.account === digits(account))
            .slice(opts.after ?? 0)
            .find((p) => p.type === type),
        opts.timeoutMs ?? 20_000,
        `presence ${type} from ${account}`,
      ),
  };
}

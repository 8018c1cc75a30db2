// Puts incoming messages back in the order WhatsApp's server sent them, chat by chat.
//
// Baileys starts handling every `<message>` stanza as it arrives, and before its per-message lock it
// awaits the key store for the sender's LID mapping (and, for a new contact, stores the mapping and
// migrates the Signal session). With a key store behind a database those awaits take different
// times for different messages, so a contact's later message can overtake its first one and
// `messages.upsert` comes out of order. This watches the stanzas in wire order and releases each
// chat's upserts in that order; a stanza that never becomes an upsert (dropped by Baileys) holds its
// chat back for at most `maxHoldMs`.
import type { BaileysEventMap, BinaryNode, WAMessage } from '@whiskeysockets/baileys';

type Upsert = BaileysEventMap['messages.upsert'];

export interface IncomingOrderOptions {
  /** Longest a chat waits for an earlier stanza's upsert before it lets later ones go. Default 5 s. */
  maxHoldMs?: number;
  /** Stanzas tracked at once; past this, new ones are not held (a flood must not grow memory). */
  maxTracked?: number;
}

interface Waiting {
  /** Stanzas in wire order (id, arrival time), not yet released. */
  ids: { id: string; at: number }[];
  /** Upserts that arrived for ids in `ids`, by id, waiting for the ones before them. */
  ready: Map<string, { message: WAMessage; type: Upsert['type'] }>;
  timer?: NodeJS.Timeout;
}

export class IncomingOrder {
  private readonly chats = new Map<string, Waiting>();
  /** Stanza id → its chat, for every id still in some chat's `ids`. */
  private readonly chatOf = new Map<string, string>();
  private readonly maxHoldMs: number;
  private readonly maxTracked: number;
  private closed = false;

  /** `release` gets upserts in wire order per chat, at once when nothing earlier is missing. */
  constructor(
    private readonly release: (upsert: Upsert) => void,
    options: IncomingOrderOptions = {},
  ) {
    this.maxHoldMs = options.maxHoldMs ?? 5_000;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  /** A `<message>` stanza came off the socket (call synchronously, in arrival order). */
  arrived(node: BinaryNode): void {
    const { id, from } = node.attrs;
    if (this.closed || !id || !from || this.chatOf.has(id) || this.chatOf.size >= this.maxTracked) return;
    let chat = this.chats.get(from);
    if (!chat) {
      chat = { ids: [], ready: new Map() };
      this.chats.set(from, chat);
    }
    chat.ids.push({ id, at: Date.now() });
    this.chatOf.set(id, from);
    this.arm(chat, from);
  }

  /** Baileys emitted an upsert: what it may release now is released, the rest waits its turn. */
  upserted(upsert: Upsert): void {
    const passThrough: WAMessage[] = [];
    const touched = new Set<string>();
    for (const message of upsert.messages) {
      const chatJid = message.key.id ? this.chatOf.get(message.key.id) : undefined;
      const chat = chatJid ? this.chats.get(chatJid) : undefined;
      if (!chatJid || !chat) {
        passThrough.push(message);
        continue;
      }
      chat.ready.set(message.key.id!, { message, type: upsert.type });
      touched.add(chatJid);
    }
    if (passThrough.length > 0) this.release({ ...upsert, messages: passThrough });
    for (const chatJid of touched) this.drain(chatJid);
  }

  /** Releases everything still held, in order, and stops tracking (the socket closed). */
  close(): void {
    this.closed = true;
    for (const [chatJid, chat] of this.chats) {
      clearTimeout(chat.timer);
      for (const { id } of chat.ids) {
        const held = chat.ready.get(id);
        if (held) this.release({ type: held.type, messages: [held.message] });
      }
      this.chats.delete(chatJid);
    }
    this.chatOf.clear();
  }

  /** Releases the chat's upserts from the head on, up to the first stanza still missing. Heads
   * missing for `maxHoldMs` or more are given up on (if one comes later, it passes straight on). */
  private drain(chatJid: string): void {
    const chat = this.chats.get(chatJid);
    if (!chat) return;
    const giveUpBefore = Date.now() - this.maxHoldMs;
    while (chat.ids.length > 0) {
      const head = chat.ids[0]!;
      const held = chat.ready.get(head.id);
      if (!held && head.at > giveUpBefore) break;
      chat.ids.shift();
      chat.ready.delete(head.id);
      this.chatOf.delete(head.id);
      if (held) this.release({ type: held.type, messages: [held.message] });
    }
    clearTimeout(chat.timer);
    chat.timer = undefined;
    if (chat.ids.length === 0) this.chats.delete(chatJid);
    else this.arm(chat, chatJid);
  }

  /** Comes back when the chat's head has waited its longest. */
  private arm(chat: Waiting, chatJid: string): void {
    if (chat.timer || chat.ids.length === 0) return;
    chat.timer = setTimeout(
      () => {
        chat.timer = undefined;
        this.drain(chatJid);
      },
      Math.max(0, chat.ids[0]!.at + this.maxHoldMs - Date.now()),
    );
    chat.timer.unref?.();
  }
}

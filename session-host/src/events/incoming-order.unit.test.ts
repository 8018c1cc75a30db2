import type { BaileysEventMap, BinaryNode, WAMessage } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncomingOrder } from './incoming-order.js';

type Upsert = BaileysEventMap['messages.upsert'];
const ALICE = '6281111111111@s.whatsapp.net';
const BOB = '6282222222222@s.whatsapp.net';

const stanza = (id: string, from: string): BinaryNode => ({ tag: 'message', attrs: { id, from, type: 'text' } });
const message = (id: string, remoteJid: string, fromMe = false): WAMessage => ({ key: { id, remoteJid, fromMe }, message: { conversation: id } });
const notify = (...messages: WAMessage[]): Upsert => ({ type: 'notify', messages });

function rig(options?: ConstructorParameters<typeof IncomingOrder>[1]) {
  const released: string[] = [];
  const order = new IncomingOrder((u) => released.push(...u.messages.map((m) => m.key.id!)), options);
  return { order, released };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('IncomingOrder', () => {
  it("releases a chat's upserts in the order its stanzas arrived, whatever order Baileys finished them in", () => {
    const { order, released } = rig();
    for (const id of ['a1', 'a2', 'a3']) order.arrived(stanza(id, ALICE));
    order.upserted(notify(message('a3', ALICE)));
    order.upserted(notify(message('a2', ALICE)));
    expect(released).toEqual([]);
    order.upserted(notify(message('a1', ALICE)));
    expect(released).toEqual(['a1', 'a2', 'a3']);
  });

  it('chats do not wait for each other', () => {
    const { order, released } = rig();
    order.arrived(stanza('a1', ALICE));
    order.arrived(stanza('b1', BOB));
    order.upserted(notify(message('b1', BOB)));
    expect(released).toEqual(['b1']);
  });

  it('passes on at once what it never saw arrive (own sends, history)', () => {
    const { order, released } = rig();
    order.arrived(stanza('a1', ALICE));
    order.upserted(notify(message('mine', ALICE, true)));
    expect(released).toEqual(['mine']);
  });

  it('a stanza that never becomes an upsert holds its chat back for maxHoldMs only; if it comes later it passes', () => {
    const { order, released } = rig({ maxHoldMs: 1000 });
    order.arrived(stanza('lost', ALICE));
    order.arrived(stanza('a2', ALICE));
    order.upserted(notify(message('a2', ALICE)));
    vi.advanceTimersByTime(999);
    expect(released).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(released).toEqual(['a2']);
    order.upserted(notify(message('lost', ALICE)));
    expect(released).toEqual(['a2', 'lost']);
  });

  it('close() releases what it holds, in order, and later upserts pass straight on', () => {
    const { order, released } = rig();
    for (const id of ['a1', 'a2', 'a3']) order.arrived(stanza(id, ALICE));
    order.upserted(notify(message('a3', ALICE), message('a2', ALICE)));
    order.close();
    expect(released).toEqual(['a2', 'a3']);
    order.arrived(stanza('a4', ALICE));
    order.upserted(notify(message('a1', ALICE)));
    expect(released).toEqual(['a2', 'a3', 'a1']);
  });

  it('tracks at most maxTracked stanzas: past that a flood is passed on untouched instead of held', () => {
    const { order, released } = rig({ maxTracked: 2 });
    for (const id of ['a1', 'a2', 'a3']) order.arrived(stanza(id, ALICE));
    order.upserted(notify(message('a3', ALICE)));
    expect(released).toEqual(['a3']);
  });
});

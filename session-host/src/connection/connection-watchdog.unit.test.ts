// The watchdog's account of sends awaiting WhatsApp's ack, driven through the socket's own events (the
// socket is the edge of the world here: a bare event emitter with Baileys' event names).
import { EventEmitter } from 'node:events';
import { proto, type WASocket } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionWatchdog, type Unresponsive } from './connection-watchdog.js';

let watchdog: ConnectionWatchdog | undefined;
afterEach(() => watchdog?.stop());

function watched(ackTimeoutMs: number) {
  const ev = new EventEmitter();
  const ws = Object.assign(new EventEmitter(), { isOpen: true });
  const found: Unresponsive[] = [];
  let now = 1_000_000;
  watchdog = new ConnectionWatchdog(
    { ev, ws } as unknown as WASocket,
    { pingIntervalMs: 0, ackTimeoutMs },
    (f) => found.push(f),
    () => now,
  );
  watchdog.start();
  return {
    watchdog,
    found,
    ack: (id: string) => ws.emit('CB:ack,class:message', { tag: 'ack', attrs: { class: 'message', id } }),
    receipt: (id: string) => ev.emit('messages.update', [{ key: { id }, update: { status: proto.WebMessageInfo.Status.DELIVERY_ACK } }]),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Two rounds of the watchdog's check (it runs every 100 ms at the shortest). */
const twoChecks = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('ConnectionWatchdog', () => {
  it('a send told before its write stays unacknowledged until the ack or a receipt, also with no checks on', async () => {
    const { watchdog, ack, receipt } = watched(0);
    for (const id of ['A', 'B', 'C', 'D']) watchdog.writing(id);
    ack('A');
    receipt('B');
    watchdog.notWritten('C');
    expect(watchdog.unackedIds()).toEqual(['D']);
    // An ack that comes before the sender hears its write finished is not undone by that news.
    watchdog.writing('E');
    ack('E');
    watchdog.written('E');
    expect(watchdog.unackedIds()).toEqual(['D']);
  });

  it('the ack bound runs from the write, not from the send’s own lookups before it', async () => {
    const { watchdog, found, advance } = watched(200);
    watchdog.writing('SLOW');
    advance(10_000);
    await twoChecks();
    expect(found).toEqual([]);
    watchdog.written('SLOW');
    advance(199);
    await twoChecks();
    expect(found).toEqual([]);
    advance(1);
    await twoChecks();
    expect(found).toEqual([{ reason: '1 sent message(s) not acknowledged by WhatsApp for 0 s', unacked: 1 }]);
    expect(watchdog.unackedIds()).toEqual(['SLOW']);
  });
});

// What the identity feed takes from socket events the simulator cannot stage (contacts come from
// app-state sync, group metadata from the groups code): pairs go to Baileys' LID store (the edge
// of the world here, recorded), push names to the real table.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIdentities } from './identity-feed.js';
import { startIdentityDb } from './test-helpers.js';

let fx: Awaited<ReturnType<typeof startIdentityDb>>;
beforeAll(async () => {
  fx = await startIdentityDb();
});
afterAll(async () => fx?.close());

function fedSocket(sessionId: string) {
  const ev = new EventEmitter();
  const stored: { lid: string; pn: string }[] = [];
  const sock = { ev, signalRepository: { lidMapping: { storeLIDPNMappings: async (pairs: { lid: string; pn: string }[]) => void stored.push(...pairs) } } };
  feedIdentities(sessionId, sock as never, fx.store, fx.logger);
  return { emit: (name: string, data: unknown) => ev.emit(name, data), stored };
}

describe('feedIdentities', () => {
  it('contacts (either id first) and group participants give pairs to Baileys; contacts without both give none', async () => {
    const { emit, stored } = fedSocket('if-a');
    emit('contacts.upsert', [
      { id: '111@lid', phoneNumber: '6281600000001@s.whatsapp.net' },
      { id: '6281600000002@s.whatsapp.net', lid: '222@lid' },
      { id: '333@lid' },
    ]);
    emit('groups.update', [{ id: 'g@g.us', participants: [{ id: '444@lid', phoneNumber: '6281600000004@s.whatsapp.net' }] }]);
    emit('group-participants.update', {
      id: 'g@g.us',
      author: 'x',
      action: 'add',
      participants: [{ id: '555@lid', phoneNumber: '6281600000005@s.whatsapp.net' }],
    });
    expect(stored).toEqual([
      { pn: '6281600000001@s.whatsapp.net', lid: '111@lid' },
      { pn: '6281600000002@s.whatsapp.net', lid: '222@lid' },
      { pn: '6281600000004@s.whatsapp.net', lid: '444@lid' },
      { pn: '6281600000005@s.whatsapp.net', lid: '555@lid' },
    ]);
  });

  it('push names of contacts and of incoming messages (LID sender with its phone alt) land in the table; own messages do not', async () => {
    const { emit } = fedSocket('if-b');
    emit('contacts.update', [{ id: '666@lid', notify: 'Lina' }]);
    emit('messages.upsert', {
      type: 'notify',
      messages: [
        { key: { remoteJid: '777@lid', remoteJidAlt: '6281600000007@s.whatsapp.net', fromMe: false, id: 'A' }, pushName: 'Mira' },
        { key: { remoteJid: '888@lid', fromMe: true, id: 'B' }, pushName: 'Me' },
      ],
    });
    expect(await fx.rows('if-b')).toEqual([
      { phone: null, lid: '666', pushName: 'Lina' },
      { phone: '6281600000007', lid: '777', pushName: 'Mira' },
    ]);
  });
});

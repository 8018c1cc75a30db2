/**
 * Identities: how WhatsApp tells a linked device which phone number is behind a LID, and what the
 * simulator records about it (usync lookups, the Signal session a contact decrypted with).
 *
 * WhatsApp pushes PN↔LID mappings to companions as a `LID_MIGRATION_MAPPING_SYNC` protocol message
 * from the account's own phone (a peer message: `from` is the account, no `recipient`); Baileys
 * accepts it only from itself, stores the pairs and moves Signal sessions to the LID.
 */
import { randomBytes } from 'node:crypto';
import { proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Account, Contact } from './contacts.js';
import type { SimCore } from './core.js';
import { companionAddr } from './messages.js';
import type { SignalDevice } from './signal-store.js';

/** One usync query as the client sent it. */
export interface UsyncQuery {
  context: string;
  protocols: string[];
  /** who was asked about: phone numbers ("+62…" from `<contact>`) or JIDs */
  users: string[];
}

/** The account's phone sends its companions the contacts' PN↔LID pairs. Returns the message id. */
export async function pushLidMapping(sim: SimCore, account: Account, contacts: Contact[]): Promise<string> {
  const payload = proto.LIDMigrationMappingSyncPayload.encode({
    pnToLidMappings: contacts.map((c) => ({ pn: Number(c.phone), assignedLid: Number(c.lid) })),
    chatDbMigrationTimestamp: Math.floor(Date.now() / 1000),
  }).finish();
  const message: proto.IMessage = {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.LID_MIGRATION_MAPPING_SYNC,
      lidMigrationMappingSyncMessage: { encodedMappingPayload: payload },
    },
  };
  const plain = proto.Message.encode(message).finish();
  const id = `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
  for (const comp of account.companions.values()) {
    const enc = await account.phoneDevice.encrypt(companionAddr(comp), plain, () => sim.takeBundle(comp));
    const node: BinaryNode = {
      tag: 'message',
      attrs: { id, from: `${account.phone}@s.whatsapp.net`, type: 'text', category: 'peer', t: String(Math.floor(Date.now() / 1000)) },
      content: [{ tag: 'enc', attrs: { v: '2', type: enc.type }, content: enc.ciphertext }],
    };
    sim.deliver(comp, node);
  }
  return id;
}

/** The Signal session a simulated device holds with a peer address: its base key identifies it
 * (a new session, e.g. one started for another address of the same person, has another). */
export async function openSessionKey(device: SignalDevice, peer: string): Promise<string | undefined> {
  const record = await device.loadSession(peer);
  // getOpenSession exists at runtime; the bundled typings leave it out
  const open = (record as unknown as { getOpenSession(): { indexInfo?: { baseKey?: Buffer } } | undefined } | undefined)?.getOpenSession();
  return open?.indexInfo?.baseKey?.toString('base64');
}

/** WhatsApp's "your groups changed" hint (`<ib><dirty type='groups'/>`): Baileys then fetches every
 * group it is in, with participants (in LID groups: `jid=<lid>` plus `phone_number`). */
export function markGroupsDirty(sim: SimCore, account: Account): void {
  const node: BinaryNode = {
    tag: 'ib',
    attrs: { from: '@s.whatsapp.net' },
    content: [{ tag: 'dirty', attrs: { type: 'groups', timestamp: String(Math.floor(Date.now() / 1000)) } }],
  };
  for (const comp of account.companions.values()) sim.deliver(comp, node);
}

/**
 * WhatsApp protocol simulator for tests and the demo mode.
 *
 *   const sim = await startSimulator();
 *   await trustSimulator(sim.info);            // this process trusts the simulator (test CA)
 *   sim.addContact('6281234567890', { name: 'Budi' });
 *   const sock = makeWASocket({ waWebSocketUrl: sim.url, auth, ... });
 *   // on connection.update { qr }: await sim.scan(qr, { phone: '6280000000001' }) → 515 → reconnect
 *   await sock.sendMessage('6281234567890@s.whatsapp.net', { text: 'hi' });
 *   const [msg] = await sim.waitForSent('6281234567890');   // msg.text === 'hi', decrypted for real
 *   await sim.sendFrom('6281234567890', { text: 'hello back' });
 */
import type { BinaryNode } from '@whiskeysockets/baileys';
import { SimCore, type ClientReceipt, type PrekeyFetch, type ReceiptMode } from './core.js';
import type { KeyPair } from './noise.js';
import { newKeyPair } from './certs.js';
import { enterPairingCode, linkDevice, scanQr, type PairedDevice, type Registration } from './pairing.js';
import { sendFrom, sendReceipt, type Addressing, type IncomingContent, type SentMessage } from './messages.js';
import { markGroupsDirty, pushLidMapping, type UsyncQuery } from './identity.js';
import { sendFromPhone } from './own-phone.js';
import * as faults from './faults.js';
import { createGroup, type Group } from './groups.js';
import * as groupChanges from './group-changes.js';
import type { SimulatorInfo } from './trust.js';
import { handleControl } from './control.js';
import { chatSignalsApi, type ChatSignalsApi } from './chat-signals.js';

export { trustSimulator, type SimulatorInfo } from './trust.js';
export { decryptMedia, encryptMedia } from './media-crypto.js';
export type { MediaKind, MediaSpec } from './media-messages.js';
export type { LocationSpec, MessageRef, PollRef, RichIncomingContent } from './incoming-content.js';
export type { SentMessage, IncomingContent, PairedDevice, ClientReceipt, ReceiptMode, Group, Addressing, UsyncQuery, PrekeyFetch };
export { GroupRefusal, type InfoChange, type ParticipantAction, type ParticipantOutcome } from './group-changes.js';

export interface SimulatorOptions {
  /** WebSocket port on 127.0.0.1 (default: random) */
  port?: number;
  /** receipts contacts send for messages they get: 'auto' (delivery + read), 'delivery', 'manual' */
  receipts?: ReceiptMode;
  /** TEST ONLY: sign the server certificate with a different root than `info.rootPublicKey` */
  signWithWrongRoot?: boolean;
  /** TEST ONLY: a valid chain whose leaf certifies another key than the server's static key (a replayed chain) */
  leafForOtherKey?: boolean;
  /** addressing mode of new groups: 'pn' (default) or 'lid' (members as <lid>@lid + phone_number) */
  groupAddressing?: 'pn' | 'lid';
  /** serve the JSON control API under /sim/ on the same loopback port (see control.ts) */
  control?: boolean;
}

export interface ContactInfo {
  phone: string;
  jid: string;
  lid: string;
  name: string;
}

export interface Simulator extends ChatSignalsApi {
  /** waWebSocketUrl for Baileys */
  readonly url: string;
  /** JSON-serialisable trust info for trustSimulator() (this or another process) */
  readonly info: SimulatorInfo;
  /** host:port of the HTTPS media server (uploads and downloads) */
  readonly mediaHost: string;
  /** the phone scans a QR from connection.update; resolves once the device is paired (then 515) */
  scan(
    qr: string,
    opts: { phone: string; name?: string /** TEST ONLY: forge the ADV account signature */; tamperAccountSignature?: boolean },
  ): Promise<PairedDevice>;
  /** links a device without a connection (many paired sessions for a benchmark): see pairing.ts linkDevice */
  linkDevice(
    registration: Registration & { advSecret: Buffer; preKeys: Map<number, Buffer> },
    answer: (pairSuccess: BinaryNode) => Promise<BinaryNode>,
    opts: { phone: string; name?: string },
  ): Promise<PairedDevice>;
  /** the phone user types the code from sock.requestPairingCode(phone) */
  enterPairingCode(code: string, opts?: { phone?: string; name?: string }): Promise<PairedDevice>;
  /** a person on WhatsApp (phone digits); returns their JIDs */
  addContact(phone: string, opts?: { name?: string }): ContactInfo;
  /** make a number "not on WhatsApp" */
  refuse(phone: string): void;
  /** messages the gateway sent (decrypted), to a contact (digits) or group JID, or all */
  sent(to?: string): SentMessage[];
  /** waits until `count` messages to `to` (matching `pred`) were recorded */
  waitForSent(to: string, opts?: { count?: number; pred?: (m: SentMessage) => boolean; timeoutMs?: number }): Promise<SentMessage[]>;
  /** a contact sends a message to an account (default: the only paired account), or to a group */
  sendFrom(contact: string, content: IncomingContent, opts?: { to?: string; id?: string; addressing?: Addressing; group?: string }): Promise<string>;
  /** the account's owner types a message to `contact` on the phone: the account's linked devices get
   * WhatsApp's device-sent copy (own-phone.ts); `addressing: 'lid'` names the chat by LIDs */
  sendFromPhone(contact: string, content: IncomingContent, opts?: { account?: string; id?: string; addressing?: 'pn' | 'lid' }): Promise<string>;
  /** the account's phone tells its linked devices these contacts' PN↔LID pairs (LID_MIGRATION_MAPPING_SYNC) */
  pushLidMapping(contacts: string[], opts?: { to?: string }): Promise<string>;
  /** WhatsApp tells the account's devices that its groups changed; Baileys fetches them all */
  markGroupsDirty(opts?: { to?: string }): void;
  /** usync queries clients sent (lookups of numbers, device lists, LIDs), oldest first */
  usyncQueries(): UsyncQuery[];
  /** prekey bundles clients fetched, oldest first: each one starts a new Signal session */
  prekeyFetches(account?: string): PrekeyFetch[];
  /** a group created outside the gateway (e.g. by a contact); members are phones, accounts included */
  createGroup(subject: string, opts: { owner: string; members: string[]; addressing?: 'pn' | 'lid' }): Group;
  /** manual receipt from a contact for a message the account sent */
  receipt(contact: string, messageId: string, type: 'delivery' | 'read', opts?: { account?: string }): void;
  setReceiptMode(mode: ReceiptMode): void;
  /** receipts the client sent (for messages it received) */
  clientReceipts(): ClientReceipt[];
  /** logged-in connections open now, of one account or of all (nothing is changed) */
  openConnections(phone?: string): number;
  /** resolves when an account has a logged-in, online connection */
  waitForOnline(phone?: string, timeoutMs?: number): Promise<void>;
  groups(): Group[];
  /** a group's state now: participants, admins, subject, description, settings, invite code */
  group(id: string): Group | undefined;
  /** `actor` (phone of a contact or account) changes members, as an admin would from the phone; members' devices are notified (w:gp2) */
  groupParticipants(groupId: string, actor: string, action: groupChanges.ParticipantAction, phones: string[]): groupChanges.ParticipantOutcome[];
  /** `actor` changes subject, description or settings; throws GroupRefusal where WhatsApp refuses */
  updateGroup(groupId: string, actor: string, change: groupChanges.InfoChange): void;
  joinGroup(code: string, phone: string): Group;
  leaveGroup(groupId: string, phone: string): void;
  /** faults: each returns how many connections it hit */
  drop(phone?: string): number;
  streamError(code?: string, phone?: string): number;
  /** a zombie server: connections stay open and look alive, but nothing the client sends is handled
   * (no acks, no delivery, no answers; with answerPings, keep-alive pings are still answered) */
  freeze(phone?: string, options?: { answerPings?: boolean }): number;
  /** the connection ends amid a burst of sends, at a precise stanza: of the account's next message stanzas
   * to contacts, `acked` are handled as usual, `unacked` delivered but never acknowledged, `lost` reach the
   * server and are never handled; right after the last, `<stream:error code>` (default 503) and close */
  closeAmidSends(phone: string | undefined, plan: { acked?: number; unacked?: number; lost?: number; code?: string }): number;
  /** message stanzas closeAmidSends lost (never handled), oldest first */
  lostMessages(): Array<{ id: string; from: string; toJid: string }>;
  conflict(phone?: string): number;
  logout(phone?: string): number;
  setAckDelay(ms: number): void;
  /** WhatsApp unreachable: connections die and new ones are refused (ECONNREFUSED) until comeBack() */
  goOffline(): Promise<void>;
  /** listening again on the same address */
  comeBack(): Promise<void>;
  /** client versions older than this ("2.3000.1023456789") are refused at login with `failure 405`, as WhatsApp
   * refuses a retired WhatsApp Web version; null accepts every version again */
  requireClientVersion(version: string | null): void;
  /** the WhatsApp Web version of every login and registration, oldest first */
  clientVersions(): string[];
  /** the server refuses the next `n` message stanzas with ack error `code` (e.g. '479', '463');
   * with `to` (a phone), only stanzas addressed to it, so a client's own background stanzas pass */
  rejectNext(code?: string, n?: number, to?: string): void;
  /** the next `n` incoming deliveries arrive undecryptable; the client's retry receipt gets a good copy */
  corruptNextIncoming(n?: number): void;
  /** one-time prekeys a linked device has on the server (default: its first device) */
  prekeyCount(phone: string, device?: number): number;
  /** fault: throw away server prekeys of a device until `keep` remain */
  drainPrekeys(phone: string, keep: number, device?: number): void;
  /** retry receipts received from clients */
  retries(): Array<{ id: string; count: number }>;
  /** errors that made the simulator close a connection (should stay empty) */
  errors(): string[];
  /** decryption failures seen (should stay empty) */
  decryptFailures(): Array<{ id: string; jid: string; error: string }>;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const root: KeyPair = newKeyPair();
  const sim = new SimCore(root, opts.signWithWrongRoot ? newKeyPair() : undefined);
  sim.leafForOtherKey = !!opts.leafForOtherKey;
  sim.receiptMode = opts.receipts ?? 'auto';
  sim.groupAddressing = opts.groupAddressing ?? 'pn';
  await sim.start(opts.port ?? 0);
  const onlyAccount = (phone?: string) => {
    if (phone) {
      const a = sim.dir.accounts.get(phone.replace(/\D/g, ''));
      if (!a) throw new Error(`unknown account ${phone}`);
      return a;
    }
    const paired = [...sim.dir.accounts.values()].filter((a) => a.companions.size > 0);
    if (paired.length !== 1) throw new Error(`expected exactly one paired account, found ${paired.length}; pass { to }`);
    return paired[0]!;
  };
  const companionOf = (phone: string, device?: number) => {
    const a = onlyAccount(phone);
    const c = device === undefined ? [...a.companions.values()][0] : a.companions.get(device);
    if (!c) throw new Error(`no linked device ${device ?? ''} for ${phone}`);
    return c;
  };
  const matches = (m: SentMessage, to?: string) => !to || m.to === to || m.to === to.replace(/\D/g, '') || m.toJid === to;
  const api: Simulator = {
    ...chatSignalsApi(sim.signals, (pred, timeoutMs, what) => sim.waitFor(pred, timeoutMs, what)),
    url: sim.url,
    info: { url: sim.url, rootPublicKey: root.public.toString('hex'), caCertPem: sim.tls.caCertPem },
    mediaHost: sim.media.host,
    scan: (qr, o) => scanQr(sim, qr, o),
    linkDevice: (registration, answer, o) => linkDevice(sim, registration, answer, o),
    enterPairingCode: (code, o) => enterPairingCode(sim, code, o),
    addContact(phone, o) {
      const c = sim.dir.addContact(phone, o);
      sim.refused.delete(c.phone);
      return { phone: c.phone, jid: `${c.phone}@s.whatsapp.net`, lid: `${c.lid}@lid`, name: c.name };
    },
    refuse: (phone) => void sim.refused.add(phone.replace(/\D/g, '')),
    sent: (to) => sim.sentLog.filter((m) => matches(m, to)),
    async waitForSent(to, o = {}) {
      const count = o.count ?? 1;
      return sim.waitFor(
        () => {
          const list = sim.sentLog.filter((m) => matches(m, to) && (!o.pred || o.pred(m)));
          return list.length >= count ? list : undefined;
        },
        o.timeoutMs ?? 20_000,
        `${count} message(s) to ${to}`,
      );
    },
    sendFrom: (contact, content, o = {}) => sendFrom(sim, sim.dir.contact(contact), o.group ? undefined : onlyAccount(o.to), content, o),
    sendFromPhone: async (contact, content, o = {}) => (await sendFromPhone(sim, onlyAccount(o.account), sim.dir.contact(contact), content, o)).id,
    pushLidMapping: (contacts, o = {}) =>
      pushLidMapping(
        sim,
        onlyAccount(o.to),
        contacts.map((c) => sim.dir.contact(c)),
      ),
    usyncQueries: () => [...sim.usyncQueries],
    prekeyFetches: (account) => sim.prekeyFetches.filter((f) => !account || f.account === account),
    markGroupsDirty: (o = {}) => markGroupsDirty(sim, onlyAccount(o.to)),
    createGroup: (subject, o) => createGroup(sim, subject, o.owner, o.members, o.addressing),
    receipt(contact, id, type, o = {}) {
      const c = sim.dir.contact(contact);
      const m = sim.sentLog.find((x) => x.id === id && x.to === c.phone);
      const account = o.account || !m ? onlyAccount(o.account) : sim.dir.accounts.get(m.from)!;
      sendReceipt(sim, account, m?.toJid ?? `${c.phone}@s.whatsapp.net`, id, type);
    },
    setReceiptMode: (mode) => {
      sim.receiptMode = mode;
    },
    clientReceipts: () => [...sim.clientReceipts],
    async waitForOnline(phone, timeoutMs = 20_000) {
      await sim.waitFor(() => faults.loggedIn(sim, phone).some((c) => c.online), timeoutMs, 'client online');
    },
    groups: () => [...sim.groups.values()],
    group: (id) => sim.groups.get(id.includes('@') ? id : `${id}@g.us`),
    groupParticipants: (groupId, actor, action, phones) => groupChanges.changeParticipants(sim, groupId, actor, action, phones),
    updateGroup: (groupId, actor, change) => groupChanges.changeInfo(sim, groupId, actor, change),
    joinGroup: (code, phone) => groupChanges.joinByInvite(sim, code, phone),
    leaveGroup: (groupId, phone) => groupChanges.leaveGroup(sim, groupId, phone),
    drop: (phone) => faults.drop(sim, phone),
    streamError: (code, phone) => faults.streamError(sim, code, phone),
    freeze: (phone, options) => faults.freeze(sim, phone, options),
    closeAmidSends: (phone, plan) => faults.closeAmidSends(sim, phone, plan),
    lostMessages: () => [...sim.lostMessages],
    conflict: (phone) => faults.conflict(sim, phone),
    logout: (phone) => faults.logout(sim, phone),
    openConnections: (phone) => faults.loggedIn(sim, phone).length,
    setAckDelay: (ms) => {
      sim.ackDelayMs = ms;
    },
    goOffline: () => sim.goOffline(),
    comeBack: () => sim.comeBack(),
    requireClientVersion(version) {
      const parts = version?.split('.').map(Number);
      if (parts && (parts.length !== 3 || parts.some((n) => !Number.isInteger(n)))) throw new Error(`not a client version: ${version}`);
      sim.minimumClientVersion = parts as [number, number, number] | undefined;
    },
    clientVersions: () => [...sim.clientVersions],
    rejectNext: (code = '479', n = 1, to) => void sim.rejectNext.push(...Array.from({ length: n }, () => ({ code, to: to?.replace(/\D/g, '') }))),
    corruptNextIncoming: (n = 1) => {
      sim.corruptNext = n;
    },
    retries: () => [...sim.retries],
    prekeyCount: (phone, device) => companionOf(phone, device).preKeys.size,
    drainPrekeys(phone, keep, device) {
      const keys = companionOf(phone, device).preKeys;
      for (const id of [...keys.keys()].slice(0, Math.max(0, keys.size - keep))) keys.delete(id);
    },
    decryptFailures: () => [...sim.decryptFailures],
    errors: () => [...sim.errors],
    close: () => sim.close(),
  };
  if (opts.control) sim.httpHandler = (req, res) => handleControl(api, req, res);
  return api;
}

/**
 * The simulator's state and connection routing. The public, documented API is in index.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { BinaryNode, proto } from '@whiskeysockets/baileys';
import { Conn } from './connection.js';
import { companionBundle, Directory, type Companion } from './contacts.js';
import type { PreKeyBundle } from './signal-store.js';
import { makeCertChain, newKeyPair } from './certs.js';
import type { KeyPair } from './noise.js';
import { MediaServer } from './media-server.js';
import { generateTestTls, type TestTls } from './tls-ca.js';
import { startRegistration, type CodeRequest } from './pairing.js';
import { handleIq } from './iq-handlers.js';
import { handleOutgoingMessage, type SentMessage } from './messages.js';
import { cutMessage } from './faults.js';
import { forwardReceipt } from './routing.js';
import { handleRetryReceipt, type SentByContact } from './retry.js';
import type { Group } from './groups.js';
import { ChatSignals } from './chat-signals.js';
import type { UsyncQuery } from './identity.js';

export type ReceiptMode = 'auto' | 'delivery' | 'manual';

export interface ClientReceipt {
  id: string;
  from: string;
  to: string;
  type: string;
}

/** A client asked for a device's prekey bundle: `account` (phone digits) will start a new Signal
 * session with `jid`; `reason` is Baileys' `identity` when it forces a new one over an existing session. */
export interface PrekeyFetch {
  account: string;
  jid: string;
  reason: string | null;
}

export class SimCore {
  readonly dir = new Directory();
  readonly conns = new Set<Conn>();
  readonly qrRefs = new Map<string, Conn>();
  readonly pairingCodes = new Map<string, CodeRequest>();
  readonly groups = new Map<string, Group>();
  readonly sentLog: SentMessage[] = [];
  /** message stanzas the closeAmidSends fault lost: they reached the server and were never handled */
  readonly lostMessages: Array<{ id: string; from: string; toJid: string }> = [];
  readonly clientReceipts: ClientReceipt[] = [];
  /** read receipts, chat states and presence the clients sent */
  readonly signals = new ChatSignals(this.dir);
  /** messages contacts sent (1:1), by id, kept for retry receipts */
  readonly sentByContacts = new Map<string, SentByContact>();
  readonly retries: Array<{ id: string; count: number }> = [];
  /** fault: error codes for the acks of the next message stanzas (refused, not delivered) */
  readonly rejectNext: Array<{ code: string; to?: string | undefined }> = [];
  /** fault: corrupt the ciphertext of the next N incoming deliveries */
  corruptNext = 0;
  /** errors that closed a connection on the simulator side (handshake failures, bugs) */
  readonly errors: string[] = [];
  readonly decryptFailures: Array<{ id: string; jid: string; error: string }> = [];
  /** every prekey bundle a client asked for (to start a Signal session with that device), in order */
  readonly prekeyFetches: PrekeyFetch[] = [];
  /** every usync query clients sent, in order (see identity.ts) */
  readonly usyncQueries: UsyncQuery[] = [];
  readonly root: KeyPair;
  readonly serverStatic = newKeyPair();
  readonly tls: TestTls = generateTestTls();
  readonly media = new MediaServer(this.tls);
  receiptMode: ReceiptMode = 'auto';
  leafForOtherKey = false;
  readonly routingInfo = Buffer.from('0801080d', 'hex');
  /** addressing mode of groups created from now on */
  groupAddressing: 'pn' | 'lid' = 'pn';
  ackDelayMs = 0;
  /** numbers (digits) made "not on WhatsApp" by the refuse() fault */
  readonly refused = new Set<string>();
  /** fault: client versions below this one get `<failure reason='405'/>` at login, as WhatsApp answers a retired version */
  minimumClientVersion: [number, number, number] | undefined;
  /** the WhatsApp Web version every client payload announced, in order ("2.3000.1023456789") */
  readonly clientVersions: string[] = [];
  private port = 0;
  /** offline queue per companion (account phone + device) */
  private readonly queued = new Map<string, BinaryNode[]>();
  private readonly waiters: Array<() => void> = [];
  private http?: Server;
  private wss?: WebSocketServer;
  url = '';
  /** optional extra HTTP routes (the control API) */
  httpHandler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  debug = !!process.env.WA_SIM_DEBUG;

  constructor(
    root?: KeyPair,
    private readonly certRoot?: KeyPair,
  ) {
    this.root = root ?? newKeyPair();
  }

  log(...args: unknown[]): void {
    if (this.debug) console.log('[wa-sim]', ...args);
  }

  async start(port = 0): Promise<void> {
    await this.media.start();
    const certChain = makeCertChain(this.certRoot ?? this.root, this.leafForOtherKey ? newKeyPair().public : this.serverStatic.public);
    this.http = createServer((req, res) => {
      const handled = this.httpHandler ? this.httpHandler(req, res) : Promise.resolve(false);
      void handled.then((ok) => {
        if (!ok) res.writeHead(426).end();
      });
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/ws/chat' });
    this.wss.on('connection', (ws) => {
      const conn = new Conn(ws, this.serverStatic, certChain, {
        onClientPayload: (c, payload, key) => this.onClientPayload(c, payload, key),
        onNode: (c, node) => this.onNode(c, node),
        onClose: (c) => {
          this.conns.delete(c);
          this.changed();
        },
        onError: (_c, err) => {
          this.log('connection error', err);
          this.errors.push(err instanceof Error ? err.message : String(err));
        },
        log: (...a) => this.log(...a),
      });
      this.conns.add(conn);
    });
    await new Promise<void>((resolve) => this.http!.listen(port, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    this.url = `ws://127.0.0.1:${this.port}/ws/chat`;
  }

  /** fault: WhatsApp unreachable; every connection dies and new ones are refused (ECONNREFUSED) */
  async goOffline(): Promise<void> {
    for (const c of this.conns) c.terminate();
    this.http?.closeAllConnections();
    await new Promise<void>((r) => (this.http?.listening ? this.http.close(() => r()) : r()));
  }

  /** back on the same address after goOffline() */
  async comeBack(): Promise<void> {
    if (this.http?.listening) return;
    await new Promise<void>((resolve) => this.http!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.terminate();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
    this.http?.closeAllConnections();
    await new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r()));
    await this.media.close();
  }

  /** notify waiters that something happened (message recorded, connection changed) */
  changed(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** resolves when `pred` holds, re-checked after each event */
  async waitFor<T>(pred: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`simulator: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private async onClientPayload(conn: Conn, payload: proto.ClientPayload, clientStatic: Buffer): Promise<void> {
    const app = payload.userAgent?.appVersion;
    const version: [number, number, number] = [app?.primary ?? 0, app?.secondary ?? 0, app?.tertiary ?? 0];
    this.clientVersions.push(version.join('.'));
    const min = this.minimumClientVersion;
    if (min && (version[0] - min[0] || version[1] - min[1] || version[2] - min[2]) < 0) {
      // what WhatsApp answers a retired client version, at registration and at login alike
      conn.send({ tag: 'failure', attrs: { reason: '405', location: 'sim' } });
      setTimeout(() => conn.close(), 50);
      this.changed();
      return;
    }
    if (payload.devicePairingData && !payload.username) {
      startRegistration(this, conn, payload, clientStatic);
      return;
    }
    const phone = String(payload.username ?? '');
    const device = Number(payload.device ?? 0);
    const companion = this.dir.accounts.get(phone)?.companions.get(device);
    if (!companion?.noiseKey.equals(clientStatic)) {
      conn.send({ tag: 'failure', attrs: { reason: '401', location: 'sim' } });
      setTimeout(() => conn.close(), 50);
      return;
    }
    // a new login replaces an older connection of the same device
    for (const other of this.conns) {
      if (other !== conn && other.companion === companion) {
        other.send({ tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] });
        other.close();
      }
    }
    conn.companion = companion;
    // like the real edge: hand out routing info; Baileys stores it and prefixes its next intro with "ED"
    conn.send({
      tag: 'ib',
      attrs: { from: '@s.whatsapp.net' },
      content: [{ tag: 'edge_routing', attrs: {}, content: [{ tag: 'routing_info', attrs: {}, content: this.routingInfo }] }],
    });
    conn.send({
      tag: 'success',
      attrs: { t: String(Math.floor(Date.now() / 1000)), props: '1', abprops: '1', location: 'sim', lid: `${companion.account.lid}:${companion.device}@lid` },
    });
    this.changed();
  }

  /** after `passive active`: flush offline stanzas, then tell the client the backlog is done */
  flushOffline(conn: Conn): void {
    if (!conn.companion) return;
    const key = companionKey(conn.companion);
    const backlog = this.queued.get(key) ?? [];
    this.queued.delete(key);
    for (const n of backlog) conn.send(n);
    conn.send({ tag: 'ib', attrs: { from: '@s.whatsapp.net' }, content: [{ tag: 'offline', attrs: { count: String(backlog.length) } }] });
    conn.online = true;
    this.changed();
  }

  /** hands out a companion's prekey bundle; tells the client when its server prekeys run low */
  takeBundle(companion: Companion): PreKeyBundle {
    const bundle = companionBundle(companion);
    if (companion.preKeys.size < 5) {
      this.deliver(companion, {
        tag: 'notification',
        attrs: { from: '@s.whatsapp.net', type: 'encrypt', id: `pk-${Date.now()}-${companion.preKeys.size}`, t: String(Math.floor(Date.now() / 1000)) },
        content: [{ tag: 'count', attrs: { value: String(companion.preKeys.size) } }],
      });
    }
    return bundle;
  }

  connFor(companion: Companion): Conn | undefined {
    for (const c of this.conns) if (c.companion === companion && !c.closed && !c.ended && c.online) return c;
    return undefined;
  }

  /** sends a stanza to a companion now, or queues it until it logs in again */
  deliver(companion: Companion, node: BinaryNode): void {
    const conn = this.connFor(companion);
    if (conn) conn.send(node);
    else {
      const key = companionKey(companion);
      this.queued.set(key, [...(this.queued.get(key) ?? []), node]);
    }
  }

  private async onNode(conn: Conn, node: BinaryNode): Promise<void> {
    this.log('recv', node.tag, node.attrs);
    if (conn.ended) return;
    if (conn.frozen && !(conn.frozen.answerPings && node.tag === 'iq' && node.attrs.xmlns === 'w:p')) return;
    switch (node.tag) {
      case 'iq': {
        const reply = await handleIq(this, conn, node);
        if (reply) conn.send(reply);
        return;
      }
      case 'message':
        if (conn.cut && this.dir.resolve(node.attrs.to ?? '')?.kind === 'contact') await cutMessage(this, conn, node);
        else await handleOutgoingMessage(this, conn, node);
        return;
      case 'receipt':
        this.clientReceipts.push({
          id: node.attrs.id ?? '',
          from: conn.companion?.account.phone ?? '',
          to: node.attrs.to ?? '',
          type: node.attrs.type ?? 'delivery',
        });
        conn.send({
          tag: 'ack',
          attrs: { id: node.attrs.id ?? '', class: 'receipt', from: node.attrs.to ?? '@s.whatsapp.net', ...(node.attrs.type ? { type: node.attrs.type } : {}) },
        });
        if (conn.companion) this.signals.onReceipt(conn.companion.account.phone, node);
        if (conn.companion && node.attrs.type === 'retry') await handleRetryReceipt(this, conn.companion, node);
        else if (conn.companion) forwardReceipt(this, conn.companion, node);
        this.changed();
        return;
      case 'chatstate':
      case 'presence':
        if (conn.companion && this.signals.onStanza(conn.companion.account.phone, node)) this.changed();
        return;
      default:
        // ack, ib (unified_session, offline_batch): nothing to answer
        return;
    }
  }
}

export const companionKey = (c: Companion): string => `${c.account.phone}.${c.device}`;

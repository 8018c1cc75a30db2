/**
 * Test helpers for driving the real Baileys socket against the simulator (reused by gateway tests).
 */
import makeWASocket, {
  BufferJSON,
  Curve,
  configureSuccessfulPairing,
  DEFAULT_CONNECTION_CONFIG,
  DisconnectReason,
  generateRegistrationNode,
  initAuthCreds,
  type KeyPair,
  proto,
  type AuthenticationState,
  type BaileysEventMap,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type WASocket,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import type { Simulator } from './index.js';

/** Pairs `auth` (fresh creds) with the account `phone` without a socket or QR (sim.linkDevice): the
 * phone links the device with a scan's checks, Baileys' configureSuccessfulPairing answers, and
 * `preKeys` one-time prekeys are stored and counted as uploaded, so the first login uploads none
 * (over Baileys' 5). For setting up many paired sessions quickly. */
export async function linkWithoutScan(sim: Simulator, auth: AuthenticationState, phone: string, name?: string, preKeys = 10): Promise<void> {
  const { creds } = auth;
  const keys: Record<string, KeyPair> = {};
  for (let id = creds.nextPreKeyId; id < creds.nextPreKeyId + preKeys; id++) keys[id] = Curve.generateKeyPair();
  await sim.linkDevice(
    {
      noiseKey: Buffer.from(creds.noiseKey.public),
      payload: generateRegistrationNode(creds, DEFAULT_CONNECTION_CONFIG),
      advSecret: Buffer.from(creds.advSecretKey, 'base64'),
      preKeys: new Map(Object.entries(keys).map(([id, key]) => [Number(id), Buffer.from(key.public)])),
    },
    async (pairSuccess) => {
      const { creds: paired, reply } = configureSuccessfulPairing(pairSuccess, creds);
      Object.assign(creds, paired);
      return reply;
    },
    { phone, name },
  );
  await auth.keys.set({ 'pre-key': keys });
  creds.nextPreKeyId += preKeys;
  creds.firstUnuploadedPreKeyId = creds.nextPreKeyId;
}

/** in-memory auth state (creds + a map key store); survives socket restarts, like a DB would */
export function memoryAuthState(): AuthenticationState {
  const data = new Map<string, string>();
  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        const raw = data.get(`${type}/${id}`);
        if (raw !== undefined) out[id] = JSON.parse(raw, BufferJSON.reviver) as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(update: SignalDataSet) {
      for (const [type, entries] of Object.entries(update)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          if (value == null) data.delete(`${type}/${id}`);
          else data.set(`${type}/${id}`, JSON.stringify(value, BufferJSON.replacer));
        }
      }
    },
  };
  return { creds: initAuthCreds(), keys };
}

type EventName = keyof BaileysEventMap;

export interface TestClient {
  sock: WASocket;
  /** every event emitted, in order */
  events: Array<{ name: EventName; data: unknown }>;
  /** resolves with the first event `name` whose data satisfies `pred` (past events count) */
  waitForEvent<K extends EventName>(name: K, pred?: (d: BaileysEventMap[K]) => boolean, timeoutMs?: number): Promise<BaileysEventMap[K]>;
  /** highest status Baileys reported for a message id (messages.upsert or messages.update) */
  statusOf(id: string): number;
  /** waits until statusOf(id) >= status (Baileys may fold receipts into the buffered upsert) */
  waitForStatus(id: string, status: number, timeoutMs?: number): Promise<void>;
  /** users with a delivery/read receipt for a (group) message: message-receipt.update or the upsert's userReceipt */
  receiptUsersOf(id: string): string[];
  /** stub parameters (e.g. ['479']) if Baileys marked the message ERROR (server refused it) */
  errorOf(id: string): string[] | undefined;
  /** resolves when the connection opens; rejects if it closes first */
  opened: Promise<void>;
  /** resolves with the status code when the connection closes */
  closed: Promise<number | undefined>;
  end(): void;
}

const WATCHED: EventName[] = [
  'connection.update',
  'creds.update',
  'messages.upsert',
  'messages.update',
  'message-receipt.update',
  'groups.upsert',
  'groups.update',
  'group-participants.update',
];

/** opens a Baileys socket to the simulator with test-friendly settings */
export function connectBaileys(sim: Pick<Simulator, 'url'>, auth: AuthenticationState, extra: Partial<Parameters<typeof makeWASocket>[0]> = {}): TestClient {
  const sock = makeWASocket({
    auth,
    waWebSocketUrl: sim.url,
    logger: pino({ level: process.env.WA_SIM_BAILEYS_LOG ?? 'silent' }),
    defaultQueryTimeoutMs: 5_000,
    connectTimeoutMs: 10_000,
    shouldSyncHistoryMessage: () => false,
    syncFullHistory: false,
    markOnlineOnConnect: false,
    ...extra,
  });
  const events: TestClient['events'] = [];
  const listeners = new Set<() => void>();
  for (const name of WATCHED) {
    sock.ev.on(name, (data: unknown) => {
      events.push({ name, data });
      for (const l of [...listeners]) l();
    });
  }
  sock.ev.on('creds.update', (u) => Object.assign(auth.creds, u));
  const waitForEvent: TestClient['waitForEvent'] = (name, pred, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = events.find((e) => e.name === name && (!pred || pred(e.data as never)));
        if (hit) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit.data as never);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${name}`));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });
  const toStatus = (s: unknown): number =>
    typeof s === 'number' ? s : typeof s === 'string' ? (proto.WebMessageInfo.Status[s as keyof typeof proto.WebMessageInfo.Status] ?? 0) : 0;
  const statusOf = (id: string): number => {
    let best = 0;
    for (const e of events) {
      if (e.name === 'messages.upsert') {
        for (const m of (e.data as BaileysEventMap['messages.upsert']).messages) if (m.key.id === id) best = Math.max(best, toStatus(m.status));
      } else if (e.name === 'messages.update') {
        for (const u of e.data as BaileysEventMap['messages.update']) if (u.key.id === id) best = Math.max(best, toStatus(u.update.status));
      }
    }
    return best;
  };
  const receiptUsersOf = (id: string): string[] => {
    const users = new Set<string>();
    for (const e of events) {
      if (e.name === 'message-receipt.update') {
        for (const r of e.data as BaileysEventMap['message-receipt.update']) {
          if (r.key.id === id && r.receipt.userJid && (r.receipt.receiptTimestamp || r.receipt.readTimestamp)) users.add(r.receipt.userJid);
        }
      } else if (e.name === 'messages.upsert') {
        for (const m of (e.data as BaileysEventMap['messages.upsert']).messages) {
          if (m.key.id === id) for (const r of m.userReceipt ?? []) if (r.userJid && (r.receiptTimestamp || r.readTimestamp)) users.add(r.userJid);
        }
      }
    }
    return [...users];
  };
  const errorOf = (id: string): string[] | undefined => {
    const ERROR = proto.WebMessageInfo.Status.ERROR;
    for (const e of events) {
      if (e.name === 'messages.upsert') {
        for (const m of (e.data as BaileysEventMap['messages.upsert']).messages) {
          if (m.key.id === id && m.status != null && toStatus(m.status) === ERROR) return m.messageStubParameters ?? [];
        }
      } else if (e.name === 'messages.update') {
        for (const u of e.data as BaileysEventMap['messages.update']) {
          if (u.key.id === id && u.update.status != null && toStatus(u.update.status) === ERROR) return u.update.messageStubParameters ?? [];
        }
      }
    }
    return undefined;
  };
  const waitForStatus = (id: string, status: number, timeoutMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (statusOf(id) < status) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for status ${status} of ${id} (have ${statusOf(id)})`));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });
  const closed = waitForEvent('connection.update', (u) => u.connection === 'close', 600_000).then(
    (u) => (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode,
  );
  closed.catch(() => undefined);
  const opened = Promise.race([
    waitForEvent('connection.update', (u) => u.connection === 'open', 30_000).then(() => undefined),
    closed.then((code) => {
      throw new Error(`connection closed before open (status ${code})`);
    }),
  ]);
  opened.catch(() => undefined);
  return { sock, events, waitForEvent, statusOf, waitForStatus, receiptUsersOf, errorOf, opened, closed, end: () => sock.end(undefined) };
}

/** full QR pairing of a fresh auth state, then the 515 restart; returns the logged-in client */
export async function pairWithQr(sim: Simulator, auth: AuthenticationState, phone: string, name?: string): Promise<TestClient> {
  const first = connectBaileys(sim, auth);
  const update = await first.waitForEvent('connection.update', (u) => !!u.qr);
  await sim.scan(update.qr!, { phone, name });
  const code = await first.closed;
  if (code !== DisconnectReason.restartRequired) throw new Error(`expected 515 after pairing, got ${code}`);
  const client = connectBaileys(sim, auth);
  await client.opened;
  await sim.waitForOnline(phone);
  return client;
}

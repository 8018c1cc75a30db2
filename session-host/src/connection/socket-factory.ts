import type { Agent } from 'node:https';
import makeWASocket, { Browsers, proto, type AuthenticationState, type CacheStore, type WASocket, type WAVersion } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

/** What a session sets on each socket it opens. */
export interface SocketOptions {
  /** The WhatsApp Web version announced at login (client-version.ts). */
  version: WAVersion;
  /** The session's outbound proxy, for the WebSocket and media uploads; absent = direct. */
  agent?: Agent;
  /** Where the contacts' device lists are cached (auth-state/stored-device-cache.ts); absent = the socket's memory. */
  deviceCache?: CacheStore;
}

/** Opens a Baileys socket for an auth state. Production uses WhatsApp's own server; the test and
 * demo entry points pass a factory aimed at the protocol simulator. */
export type SocketFactory = (auth: AuthenticationState, logger: Logger, options: SocketOptions) => WASocket;

/** The one history sync a gateway needs: WhatsApp's initial bootstrap carries the account's
 * PN↔LID pairs (`phoneNumberToLidMappings`, and each chat's `lidJid`/`pnJid`), which Baileys
 * stores; without any history sync it warns that LID mappings break. Its messages are not kept
 * (nothing listens to `messaging-history.set`). Recent and full history stay off, so the first
 * login does not wait 20 s for them either (Baileys asks about RECENT to decide that wait). */
export const syncOnlyInitialBootstrap = ({ syncType }: proto.Message.IHistorySyncNotification): boolean =>
  syncType === proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP;

/** Settings shared by every socket: only the history sync that carries LID mappings, no presence
 * spam. The auth state's keys come cached already (auth-state/cached-key-store.ts). */
export function baseSocketConfig(auth: AuthenticationState, logger: Logger, options: SocketOptions) {
  return {
    auth,
    logger,
    version: options.version,
    ...(options.agent ? { agent: options.agent, fetchAgent: options.agent } : {}),
    ...(options.deviceCache ? { userDevicesCache: options.deviceCache } : {}),
    browser: Browsers.ubuntu('wa-gateway'),
    markOnlineOnConnect: false,
    shouldSyncHistoryMessage: syncOnlyInitialBootstrap,
    syncFullHistory: false,
    generateHighQualityLinkPreview: false,
    defaultQueryTimeoutMs: 30_000,
  } satisfies Partial<Parameters<typeof makeWASocket>[0]>;
}

export const whatsAppSocketFactory: SocketFactory = (auth, logger, options) => makeWASocket(baseSocketConfig(auth, logger, options));

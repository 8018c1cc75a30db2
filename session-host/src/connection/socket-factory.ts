import makeWASocket, { Browsers, type AuthenticationState, type WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

/** Opens a Baileys socket for an auth state. Production uses WhatsApp's own server; the test and
 * demo entry points pass a factory aimed at the protocol simulator. */
export type SocketFactory = (auth: AuthenticationState, logger: Logger) => WASocket;

/** Settings shared by every socket: no history sync (a gateway does not need it), no presence
 * spam. The auth state's keys come cached already (auth-state/cached-key-store.ts). */
export function baseSocketConfig(auth: AuthenticationState, logger: Logger) {
  return {
    auth,
    logger,
    browser: Browsers.ubuntu('wa-gateway'),
    markOnlineOnConnect: false,
    shouldSyncHistoryMessage: () => false,
    syncFullHistory: false,
    generateHighQualityLinkPreview: false,
    defaultQueryTimeoutMs: 30_000,
  } satisfies Partial<Parameters<typeof makeWASocket>[0]>;
}

export const whatsAppSocketFactory: SocketFactory = (auth, logger) => makeWASocket(baseSocketConfig(auth, logger));

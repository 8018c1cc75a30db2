import { DisconnectReason } from '@whiskeysockets/baileys';

export type CloseAction =
  | { kind: 'restart' }
  | { kind: 'reconnect'; detail: string }
  | { kind: 'logged-out'; detail: string }
  | { kind: 'stop'; detail: string };

/** What a closed socket means for the session: the one place Baileys' close codes are read. */
export function classifyClose(statusCode: number | undefined, message: string | undefined): CloseAction {
  switch (statusCode) {
    case DisconnectReason.restartRequired:
      return { kind: 'restart' };
    case DisconnectReason.loggedOut:
      return { kind: 'logged-out', detail: 'Logged out from the phone. Delete and create the session again to pair anew.' };
    case DisconnectReason.forbidden:
      return { kind: 'logged-out', detail: 'WhatsApp refused this account (banned or restricted).' };
    case DisconnectReason.connectionReplaced:
      return { kind: 'stop', detail: 'Another client replaced this connection; not reconnecting so the two do not fight.' };
    case DisconnectReason.multideviceMismatch:
      return { kind: 'logged-out', detail: 'This account cannot link devices (multi-device mismatch).' };
    default:
      return { kind: 'reconnect', detail: `Connection closed${statusCode ? ` (${statusCode}${message ? `: ${message}` : ''})` : ''}.` };
  }
}

/** A close code's name for metrics labels: one of Baileys' DisconnectReason names (408 is the
 * watchdog's and Baileys' own connectionLost), `other` for a code it does not name, `none` without one. */
export function closeReasonName(statusCode: number | undefined): string {
  if (statusCode === undefined) return 'none';
  if (statusCode === DisconnectReason.connectionLost) return 'connectionLost';
  const name = (DisconnectReason as unknown as Record<number, string | undefined>)[statusCode];
  return name ?? 'other';
}

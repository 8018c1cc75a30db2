import { DisconnectReason } from '@whiskeysockets/baileys';

/** WhatsApp's answer to a client version it no longer serves (`<failure reason='405'/>`). */
export const VERSION_REFUSED = 405;

/** What the operator chose for a 440 (another client logged in with this device). */
export type OnReplaced = 'stop' | 'reconnect';

export type CloseAction =
  | { kind: 'restart' }
  | { kind: 'reconnect'; detail: string }
  | { kind: 'version-refused' }
  | { kind: 'logged-out'; detail: string }
  | { kind: 'banned'; detail: string }
  | { kind: 'stop'; detail: string };

/** What a closed socket means for the session: the one place Baileys' close codes are read.
 * Only a logout, a ban and (when the operator chose so) a replaced device stop a session; anything
 * else is a fault of the moment and is retried for as long as it lasts. */
export function classifyClose(statusCode: number | undefined, message: string | undefined, onReplaced: OnReplaced = 'stop'): CloseAction {
  switch (statusCode) {
    case DisconnectReason.restartRequired:
      return { kind: 'restart' };
    case VERSION_REFUSED:
      return { kind: 'version-refused' };
    case DisconnectReason.loggedOut:
      return { kind: 'logged-out', detail: 'Logged out from the phone. Delete and create the session again to pair anew.' };
    case DisconnectReason.multideviceMismatch:
      return { kind: 'logged-out', detail: 'This account cannot link devices (multi-device mismatch).' };
    case DisconnectReason.forbidden:
      return {
        kind: 'banned',
        detail: 'WhatsApp refused this account (403: banned or restricted). Not reconnecting; check the number in WhatsApp on the phone.',
      };
    case DisconnectReason.connectionReplaced:
      return onReplaced === 'reconnect'
        ? { kind: 'reconnect', detail: 'Another client replaced this connection (440).' }
        : {
            kind: 'stop',
            detail: 'Another client replaced this connection (440); not reconnecting so the two do not fight (WA_ON_REPLACED=stop).',
          };
    default:
      return { kind: 'reconnect', detail: `Connection closed (${describeTransient(statusCode, message)}).` };
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

/** The cause in words an operator recognises; Baileys reports a refused or unresolvable address
 * as 408 with the socket error in the message. */
function describeTransient(statusCode: number | undefined, message: string | undefined): string {
  const socketError = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/.exec(message ?? '')?.[1];
  if (socketError === 'ECONNREFUSED') return `${statusCode ?? 'network'}: connection refused`;
  if (socketError === 'ENOTFOUND' || socketError === 'EAI_AGAIN') return `${statusCode ?? 'network'}: WhatsApp's address did not resolve (DNS)`;
  if (socketError) return `${statusCode ?? 'network'}: ${socketError}`;
  if (!statusCode) return message ? message.slice(0, 200) : 'no reason given';
  return message ? `${statusCode}: ${message.slice(0, 200)}` : String(statusCode);
}

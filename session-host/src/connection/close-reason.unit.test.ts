import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { classifyClose } from './close-reason.js';

describe('classifyClose', () => {
  it('restarts on 515 (restart required after pairing)', () => {
    expect(classifyClose(DisconnectReason.restartRequired, undefined)).toEqual({ kind: 'restart' });
  });

  it.each([
    [DisconnectReason.loggedOut, 'Logged out from the phone'],
    [DisconnectReason.forbidden, 'banned or restricted'],
    [DisconnectReason.multideviceMismatch, 'multi-device mismatch'],
  ])('ends the pairing on %i', (code, words) => {
    const action = classifyClose(code, 'x');
    expect(action.kind).toBe('logged-out');
    expect(action.kind === 'logged-out' && action.detail).toContain(words);
  });

  it('stops without reconnecting when another client replaced the connection (440)', () => {
    expect(classifyClose(DisconnectReason.connectionReplaced, undefined)).toMatchObject({ kind: 'stop' });
  });

  it.each([
    [DisconnectReason.connectionClosed, 'Stream Errored', 'Connection closed (428: Stream Errored).'],
    [DisconnectReason.timedOut, undefined, 'Connection closed (408).'],
    [DisconnectReason.unavailableService, 'down', 'Connection closed (503: down).'],
    [undefined, 'getaddrinfo ENOTFOUND', 'Connection closed.'],
  ])('reconnects on a transient close %s', (code, message, detail) => {
    expect(classifyClose(code, message)).toEqual({ kind: 'reconnect', detail });
  });
});

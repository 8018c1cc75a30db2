import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { classifyClose } from './close-reason.js';

describe('classifyClose', () => {
  it('restarts on 515 (restart required after pairing)', () => {
    expect(classifyClose(DisconnectReason.restartRequired, undefined)).toEqual({ kind: 'restart' });
  });

  it.each([
    [DisconnectReason.loggedOut, 'Logged out from the phone'],
    [DisconnectReason.multideviceMismatch, 'multi-device mismatch'],
  ])('ends the pairing on %i', (code, words) => {
    const action = classifyClose(code, 'x');
    expect(action.kind).toBe('logged-out');
    expect(action.kind === 'logged-out' && action.detail).toContain(words);
  });

  it('stops as banned on 403, keeping the pairing', () => {
    const action = classifyClose(DisconnectReason.forbidden, 'Connection Failure');
    expect(action).toMatchObject({ kind: 'banned' });
    expect(action.kind === 'banned' && action.detail).toContain('banned or restricted');
  });

  it('on 440 stops by default and reconnects when the operator chose so', () => {
    expect(classifyClose(DisconnectReason.connectionReplaced, undefined)).toMatchObject({ kind: 'stop' });
    expect(classifyClose(DisconnectReason.connectionReplaced, undefined, 'stop')).toMatchObject({ kind: 'stop' });
    expect(classifyClose(DisconnectReason.connectionReplaced, undefined, 'reconnect')).toEqual({
      kind: 'reconnect',
      detail: 'Another client replaced this connection (440).',
    });
  });

  it('a 405 is a refused client version', () => {
    expect(classifyClose(405, 'Connection Failure')).toEqual({ kind: 'version-refused' });
  });

  it.each([
    [DisconnectReason.connectionClosed, 'Stream Errored', 'Connection closed (428: Stream Errored).'],
    [DisconnectReason.timedOut, undefined, 'Connection closed (408).'],
    [DisconnectReason.unavailableService, 'down', 'Connection closed (503: down).'],
    [DisconnectReason.badSession, 'Stream Errored (unknown)', 'Connection closed (500: Stream Errored (unknown)).'],
    [408, 'WebSocket Error (connect ECONNREFUSED 127.0.0.1:443)', 'Connection closed (408: connection refused).'],
    [408, 'WebSocket Error (getaddrinfo ENOTFOUND web.whatsapp.com)', "Connection closed (408: WhatsApp's address did not resolve (DNS))."],
    [408, 'WebSocket Error (read ECONNRESET)', 'Connection closed (408: ECONNRESET).'],
    [undefined, undefined, 'Connection closed (no reason given).'],
  ])('reconnects on a transient close %s %s', (code, message, detail) => {
    expect(classifyClose(code, message)).toEqual({ kind: 'reconnect', detail });
  });
});

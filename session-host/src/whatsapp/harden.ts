/**
 * Everything the session host must do to Baileys before opening any socket, so WhatsApp's
 * server is authenticated for real: honour signature results (curve-verify.ts, with a start-up
 * self-test) and bind the certificate chain to the handshake's static key (noise-leaf-check.ts).
 */
import { secureBaileysCurve } from './curve-verify.js';
import { installNoiseLeafCheck } from './noise-leaf-check.js';

export function hardenBaileys(): void {
  secureBaileysCurve();
  installNoiseLeafCheck();
}

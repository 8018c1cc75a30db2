/** strict XEdDSA verification with libsignal (true only for a valid signature) */
import * as curve from 'libsignal/src/curve.js';

export function verifySig(pub: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = pub.length === 33 ? Buffer.from(pub) : Buffer.concat([Buffer.from([5]), Buffer.from(pub)]);
    return curve.verifySignature(key, Buffer.from(message), Buffer.from(signature)) === true;
  } catch {
    return false;
  }
}

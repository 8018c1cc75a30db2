/**
 * Binds the Noise server certificate to the server's static key.
 *
 * Baileys 7.0.0-rc14 checks that the leaf certificate is signed by the intermediate and the
 * intermediate by WhatsApp's root, but never that the leaf certifies the static key the server
 * actually used in the handshake. The certificate chain is public (every client receives it), so
 * without this check anyone can replay a genuine chain next to their own static key and pass.
 *
 * In Baileys' handshake (`processHandshake`, fully synchronous) the last `Curve.sharedKey` call
 * before `proto.CertChain.decode` is the DH with the decrypted server static key. This module
 * records that key and makes `proto.CertChain.decode` throw unless the leaf's key equals it,
 * which fails the connection. `proto.CertChain` is only decoded by Baileys' noise handler.
 */
import { Curve, proto } from '@whiskeysockets/baileys';

const PATCHED = Symbol.for('wa-gateway.noise-leaf-check');

export function installNoiseLeafCheck(): void {
  const chain = proto.CertChain as typeof proto.CertChain & { [PATCHED]?: boolean };
  if (chain[PATCHED]) return;
  let lastPeerKey: Uint8Array | undefined;
  const sharedKey = Curve.sharedKey;
  Curve.sharedKey = (privateKey, publicKey) => {
    lastPeerKey = publicKey;
    return sharedKey(privateKey, publicKey);
  };
  const decode = chain.decode.bind(chain);
  chain.decode = (reader, length) => {
    const decoded = decode(reader, length);
    const peer = lastPeerKey;
    lastPeerKey = undefined;
    const leaf = decoded.leaf?.details ? proto.CertChain.NoiseCertificate.Details.decode(decoded.leaf.details) : undefined;
    if (!leaf?.key || !peer || !Buffer.from(leaf.key).equals(Buffer.from(peer))) {
      throw new Error('noise leaf certificate does not certify the server static key');
    }
    return decoded;
  };
  chain[PATCHED] = true;
}

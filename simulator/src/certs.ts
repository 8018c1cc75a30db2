/**
 * The simulator's Noise trust root and certificate chain (root → intermediate → leaf), in the
 * format Baileys checks: intermediate.details.issuerSerial must equal WA_CERT_DETAILS.SERIAL (0)
 * and be signed by WA_CERT_DETAILS.PUBLIC_KEY; the leaf is signed by the intermediate key.
 */
import { Curve, proto } from '@whiskeysockets/baileys';
import type { KeyPair } from './noise.js';

export function newKeyPair(): KeyPair {
  const kp = Curve.generateKeyPair();
  return { private: Buffer.from(kp.private), public: Buffer.from(kp.public) };
}

export function sign(priv: Buffer, message: Uint8Array): Buffer {
  return Buffer.from(Curve.sign(priv, message));
}

/** builds an encoded CertChain for the server's static key, signed by `root` */
export function makeCertChain(root: KeyPair, serverStaticPub: Buffer): Buffer {
  const Details = proto.CertChain.NoiseCertificate.Details;
  const intermediate = newKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const interDetails = Details.encode({
    serial: 1,
    issuerSerial: 0,
    key: intermediate.public,
    notBefore: now - 3600,
    notAfter: now + 86400 * 365,
  }).finish();
  const leafDetails = Details.encode({
    serial: 2,
    issuerSerial: 1,
    key: serverStaticPub,
    notBefore: now - 3600,
    notAfter: now + 86400 * 30,
  }).finish();
  return Buffer.from(
    proto.CertChain.encode({
      intermediate: { details: interDetails, signature: sign(root.private, interDetails) },
      leaf: { details: leafDetails, signature: sign(intermediate.private, leafDetails) },
    }).finish(),
  );
}

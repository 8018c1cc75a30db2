/**
 * Restores signature checking in Baileys.
 *
 * Baileys 7.0.0-rc14 wraps libsignal's `verifySignature` in a try/catch and returns `true`
 * whenever nothing throws. libsignal 6 *returns* `false` for a bad signature instead of
 * throwing, so Baileys' `Curve.verify` accepts any well-formed signature: the Noise server
 * certificate chain and the ADV account signature at pairing are effectively unchecked.
 *
 * `installCurveVerifyFix()` replaces `Curve.verify` (a plain, mutable exported object that
 * Baileys' noise handler and pairing code read at call time) with a version that honours
 * libsignal's boolean result. `assertCurveVerifyWorks()` proves it: a wrong signature, a
 * wrong message and a wrong key must all be refused, a right one accepted; otherwise it throws.
 * Call both once at process start, before any socket is created.
 */
import { Curve } from '@whiskeysockets/baileys';
import * as libsignalCurve from 'libsignal/src/curve.js';

const PATCHED = Symbol.for('wa-gateway.curve-verify-fixed');

type VerifyFn = (pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/** verify an XEdDSA signature; true only when libsignal says the signature is valid */
export const strictVerify: VerifyFn = (pubKey, message, signature) => {
  try {
    const key = pubKey.length === 33 ? Buffer.from(pubKey) : Buffer.concat([Buffer.from([5]), Buffer.from(pubKey)]);
    return libsignalCurve.verifySignature(key, Buffer.from(message), Buffer.from(signature)) === true;
  } catch {
    return false;
  }
};

/** patch Baileys' exported Curve.verify in this process (idempotent) */
export function installCurveVerifyFix(): void {
  const curve = Curve as typeof Curve & { [PATCHED]?: boolean };
  if (curve[PATCHED]) return;
  curve.verify = strictVerify;
  curve[PATCHED] = true;
}

/** throws unless Baileys' Curve.verify refuses wrong signatures and accepts a right one */
export function assertCurveVerifyWorks(): void {
  const pair = Curve.generateKeyPair();
  const other = Curve.generateKeyPair();
  const message = Buffer.from('wa-gateway curve verify self-test');
  const signature = Buffer.from(Curve.sign(pair.private, message));
  if (!Curve.verify(pair.public, message, signature)) {
    throw new Error('Curve.verify self-test failed: a valid signature was refused');
  }
  const tampered = Buffer.from(signature);
  tampered[10] = (tampered[10] ?? 0) ^ 0x01;
  const refused =
    !Curve.verify(pair.public, message, tampered) &&
    !Curve.verify(pair.public, Buffer.from('another message'), signature) &&
    !Curve.verify(other.public, message, signature) &&
    !Curve.verify(pair.public, message, Buffer.alloc(64));
  if (!refused) {
    throw new Error('Curve.verify self-test failed: a wrong signature was accepted (Baileys signature checks are disabled)');
  }
}

/** install the fix and prove it works; call once at start-up */
export function secureBaileysCurve(): void {
  installCurveVerifyFix();
  assertCurveVerifyWorks();
}

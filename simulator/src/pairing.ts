/**
 * Registration and pairing, played from the phone's side: QR (pair-device refs → scan) and
 * pairing code (companion_hello → primary_hello → companion_finish). Both end with pair-success
 * carrying an ADV identity signed by the account key, a verified pair-device-sign, then 515.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as curve from 'libsignal/src/curve.js';
import { Curve, getBinaryNodeChild, getBinaryNodeChildBuffer, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { Account, Companion } from './contacts.js';
import type { SimCore } from './core.js';
import { verifySig } from './verify.js';

export interface PairedDevice {
  phone: string;
  jid: string;
  lid: string;
  device: number;
}

/** registration ClientFinish: remember the client's keys and hand it QR refs */
export function startRegistration(sim: SimCore, conn: Conn, payload: proto.ClientPayload, noiseKey: Buffer): void {
  const d = payload.devicePairingData;
  if (!d?.eIdent || !d.eSkeyVal || !d.eSkeySig || !d.eRegid || !d.eSkeyId) throw new Error('registration without devicePairingData');
  if (!verifySig(Buffer.from(d.eIdent), Buffer.concat([Buffer.from([5]), Buffer.from(d.eSkeyVal)]), Buffer.from(d.eSkeySig))) {
    throw new Error('registration signed prekey signature invalid');
  }
  const refs = Array.from({ length: 6 }, () => randomBytes(12).toString('base64url'));
  conn.registration = { noiseKey, payload, refs };
  for (const r of refs) sim.qrRefs.set(r, conn);
  conn.send({
    tag: 'iq',
    attrs: { from: '@s.whatsapp.net', type: 'set', xmlns: 'md', id: `pd-${randomBytes(4).toString('hex')}` },
    content: [{ tag: 'pair-device', attrs: {}, content: refs.map((r) => ({ tag: 'ref', attrs: {}, content: Buffer.from(r) })) }],
  });
}

/** the phone scans a QR string shown by the client */
export async function scanQr(sim: SimCore, qr: string, opts: { phone: string; name?: string; tamperAccountSignature?: boolean }): Promise<PairedDevice> {
  const data = qr.includes('#') ? qr.slice(qr.indexOf('#') + 1) : qr;
  const [ref, noiseB64, identB64, advB64] = data.split(',');
  const conn = ref ? sim.qrRefs.get(ref) : undefined;
  if (!conn || conn.closed || !conn.registration) throw new Error('QR ref unknown or expired');
  const reg = conn.registration;
  if (!Buffer.from(noiseB64 ?? '', 'base64').equals(reg.noiseKey)) throw new Error('QR noise key does not match the connection');
  if (!Buffer.from(identB64 ?? '', 'base64').equals(Buffer.from(reg.payload.devicePairingData!.eIdent!))) {
    throw new Error('QR identity key does not match the registration');
  }
  const account = sim.dir.account(opts.phone, opts.name);
  return finishPairing(sim, conn, account, Buffer.from(advB64 ?? '', 'base64'), opts.tamperAccountSignature);
}

/** What the companion told the server at registration: its noise key and device pairing data. */
export interface Registration {
  noiseKey: Buffer;
  payload: proto.IClientPayload;
}

/** Over a connection: pair-success goes to the client, then the 515 that makes it log in. */
async function finishPairing(sim: SimCore, conn: Conn, account: Account, advSecret: Buffer, tamper = false): Promise<PairedDevice> {
  const reg = conn.registration!;
  const paired = await confirmDevice(reg, (node) => conn.query(node), account, advSecret, tamper);
  for (const r of reg.refs) sim.qrRefs.delete(r);
  conn.registration = undefined;
  // the real server asks the client to reconnect; Baileys does not do it by itself
  conn.send({ tag: 'stream:error', attrs: { code: '515' } });
  setTimeout(() => conn.close(), 50);
  return paired;
}

/** The phone confirms the companion: an ADV identity signed by the account key in pair-success;
 * the client's pair-device-sign must carry a valid device signature; then the companion exists. */
async function confirmDevice(
  reg: Registration,
  ask: (node: BinaryNode) => Promise<BinaryNode>,
  account: Account,
  advSecret: Buffer,
  tamper: boolean,
  preKeys = new Map<number, Buffer>(),
): Promise<PairedDevice> {
  const d = reg.payload.devicePairingData!;
  const companionIdent = Buffer.from(d.eIdent!);
  const device = account.nextDevice++;
  const keyIndex = device;
  const accountKey = account.phoneDevice.identity;
  const accountSignatureKey = accountKey.pubKey.subarray(1);
  const details = Buffer.from(
    proto.ADVDeviceIdentity.encode({ rawId: device, timestamp: Math.floor(Date.now() / 1000), keyIndex, accountType: 0, deviceType: 0 }).finish(),
  );
  const accountSignature = Buffer.from(curve.calculateSignature(accountKey.privKey, Buffer.concat([Buffer.from([6, 0]), details, companionIdent])));
  if (tamper) accountSignature[5] = (accountSignature[5] ?? 0) ^ 0xff; // TEST ONLY: a forged account signature
  const signed = Buffer.from(proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey, accountSignature }).finish());
  const hmac = createHmac('sha256', advSecret).update(signed).digest();
  const jid = `${account.phone}:${device}@s.whatsapp.net`;
  const lid = `${account.lid}:${device}@lid`;
  const reply = await ask({
    tag: 'iq',
    attrs: { from: '@s.whatsapp.net', type: 'set', xmlns: 'md', t: String(Math.floor(Date.now() / 1000)) },
    content: [
      {
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: {}, content: proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac, accountType: 0 }).finish() },
          { tag: 'platform', attrs: { name: 'smbi' } },
          // smbi is the WhatsApp Business app, whose pair-success names the business: Baileys keeps it as creds.me.name.
          ...(account.name ? [{ tag: 'biz', attrs: { name: account.name } }] : []),
          { tag: 'device', attrs: { jid, lid } },
        ],
      },
    ],
  });
  const sign = getBinaryNodeChild(reply, 'pair-device-sign');
  const ident = getBinaryNodeChild(sign, 'device-identity');
  if (reply.attrs.type !== 'result' || !(ident?.content instanceof Uint8Array)) throw new Error('client refused pairing');
  const back = proto.ADVSignedDeviceIdentity.decode(ident.content);
  const deviceMsg = Buffer.concat([Buffer.from([6, 1]), details, companionIdent, accountSignatureKey]);
  if (!back.deviceSignature || !verifySig(companionIdent, deviceMsg, Buffer.from(back.deviceSignature))) {
    throw new Error('pair-device-sign: device signature invalid');
  }
  const companion: Companion = {
    account,
    device,
    keyIndex,
    noiseKey: reg.noiseKey,
    identityKey: companionIdent,
    registrationId: Buffer.from(d.eRegid!).readUInt32BE(0),
    signedPreKey: { keyId: Buffer.from(d.eSkeyId!).readUIntBE(0, 3), publicKey: Buffer.from(d.eSkeyVal!), signature: Buffer.from(d.eSkeySig!) },
    preKeys,
    platform: 'smbi',
  };
  account.companions.set(device, companion);
  return { phone: account.phone, jid, lid, device };
}

/** A device linked without a connection, for setting up many paired sessions at once (benchmarks):
 * the caller holds the companion's keys (`registration` as Baileys builds it), plays the client's
 * side of pair-success with `answer` (Baileys' configureSuccessfulPairing), and hands over the
 * one-time prekeys the client would have uploaded at its first login. The same checks as a QR scan. */
export async function linkDevice(
  sim: SimCore,
  registration: Registration & { advSecret: Buffer; preKeys: Map<number, Buffer> },
  answer: (pairSuccess: BinaryNode) => Promise<BinaryNode>,
  opts: { phone: string; name?: string },
): Promise<PairedDevice> {
  const d = registration.payload.devicePairingData;
  if (!d?.eIdent || !d.eSkeyVal || !d.eSkeySig || !d.eRegid || !d.eSkeyId) throw new Error('registration without devicePairingData');
  if (!verifySig(Buffer.from(d.eIdent), Buffer.concat([Buffer.from([5]), Buffer.from(d.eSkeyVal)]), Buffer.from(d.eSkeySig))) {
    throw new Error('registration signed prekey signature invalid');
  }
  const account = sim.dir.account(opts.phone, opts.name);
  return confirmDevice(registration, answer, account, registration.advSecret, false, new Map(registration.preKeys));
}

// ---------------- pairing code ----------------

interface CodeRequest {
  conn: Conn;
  phone: string;
  wrappedCompanionEphemeral: Buffer;
  ref: string;
  primaryEphemeral?: { private: Buffer; public: Buffer };
  account?: Account;
  companionEphemeral?: Buffer;
  resolve?: (p: PairedDevice) => void;
  reject?: (e: unknown) => void;
}

const codeKey = (code: string, salt: Buffer): Buffer => pbkdf2Sync(Buffer.from(code), salt, 2 << 16, 32, 'sha256');

/** client → companion_hello: remember it, answer with a pairing ref */
export function onCompanionHello(sim: SimCore, conn: Conn, iq: BinaryNode, reg: BinaryNode): BinaryNode {
  const wrapped = getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub');
  const phone = (reg.attrs.jid ?? '').split('@')[0]!.split(':')[0]!;
  if (!wrapped || !conn.registration) {
    return {
      tag: 'iq',
      attrs: { id: iq.attrs.id!, type: 'error', from: '@s.whatsapp.net' },
      content: [{ tag: 'error', attrs: { code: '400', text: 'bad-request' } }],
    };
  }
  const ref = randomBytes(16).toString('base64url');
  sim.pairingCodes.set(phone, { conn, phone, wrappedCompanionEphemeral: Buffer.from(wrapped), ref });
  sim.changed();
  return {
    tag: 'iq',
    attrs: { id: iq.attrs.id!, type: 'result', from: '@s.whatsapp.net' },
    content: [{ tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) }] }],
  };
}

/** the phone user types the code: send primary_hello; pairing completes on companion_finish */
export async function enterPairingCode(sim: SimCore, code: string, opts: { phone?: string; name?: string } = {}): Promise<PairedDevice> {
  const find = (): CodeRequest | undefined => {
    const r = opts.phone ? sim.pairingCodes.get(opts.phone.replace(/\D/g, '')) : [...sim.pairingCodes.values()].at(-1);
    return r && !r.conn.closed ? r : undefined;
  };
  // requestPairingCode() returns before the server has seen companion_hello
  const req = await sim.waitFor(find, 10_000, 'a pending pairing-code request');
  const w = req.wrappedCompanionEphemeral;
  const companionEph = aesCtr(codeKey(code.replace(/-/g, ''), w.subarray(0, 32)), w.subarray(32, 48), w.subarray(48, 80));
  req.account = sim.dir.account(req.phone, opts.name);
  req.primaryEphemeral = Curve.generateKeyPair() as { private: Buffer; public: Buffer };
  req.companionEphemeral = companionEph;
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const wrappedPrimary = Buffer.concat([salt, iv, aesCtr(codeKey(code.replace(/-/g, ''), salt), iv, req.primaryEphemeral.public)]);
  const done = new Promise<PairedDevice>((resolve, reject) => {
    req.resolve = resolve;
    req.reject = reject;
  });
  req.conn.send({
    tag: 'notification',
    attrs: { from: '@s.whatsapp.net', type: 'link_code_companion_reg', id: randomBytes(6).toString('hex'), t: String(Math.floor(Date.now() / 1000)) },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: { stage: 'primary_hello' },
        content: [
          { tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(req.ref) },
          { tag: 'primary_identity_pub', attrs: {}, content: req.account.phoneDevice.identity.pubKey.subarray(1) },
          { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
        ],
      },
    ],
  });
  return done;
}

/** client → companion_finish: check the key bundle, derive the ADV secret, pair */
export function onCompanionFinish(sim: SimCore, conn: Conn, iq: BinaryNode, reg: BinaryNode): BinaryNode {
  const ref = getBinaryNodeChildBuffer(reg, 'link_code_pairing_ref')?.toString();
  const req = [...sim.pairingCodes.values()].find((r) => r.ref === ref && r.conn === conn);
  const bundle = getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_key_bundle');
  const ok = { tag: 'iq', attrs: { id: iq.attrs.id!, type: 'result', from: '@s.whatsapp.net' } };
  if (!req?.primaryEphemeral || !req.companionEphemeral || !req.account || !bundle) {
    return { tag: 'iq', attrs: { ...ok.attrs, type: 'error' }, content: [{ tag: 'error', attrs: { code: '400', text: 'bad-request' } }] };
  }
  let plain: Buffer;
  let ephShared: Buffer;
  try {
    ephShared = Curve.sharedKey(req.primaryEphemeral.private, req.companionEphemeral);
    const key = Buffer.from(hkdfSync('sha256', ephShared, Buffer.from(bundle).subarray(0, 32), 'link_code_pairing_key_bundle_encryption_key', 32));
    const kb = Buffer.from(bundle);
    plain = gcmDecryptIv(key, kb.subarray(32, 44), kb.subarray(44));
  } catch {
    // a wrong code gives both sides different ephemeral keys: the bundle does not decrypt
    sim.pairingCodes.delete(req.phone);
    req.reject?.(new Error('pairing code key bundle does not decrypt (wrong code?)'));
    return { tag: 'iq', attrs: { ...ok.attrs, type: 'error' }, content: [{ tag: 'error', attrs: { code: '401', text: 'not-authorized' } }] };
  }
  const companionIdent = plain.subarray(0, 32);
  const primaryIdent = plain.subarray(32, 64);
  const random = plain.subarray(64, 96);
  const accountKey = req.account.phoneDevice.identity;
  if (!companionIdent.equals(Buffer.from(conn.registration!.payload.devicePairingData!.eIdent!)) || !primaryIdent.equals(accountKey.pubKey.subarray(1))) {
    req.reject?.(new Error('pairing code key bundle does not match'));
    return { tag: 'iq', attrs: { ...ok.attrs, type: 'error' }, content: [{ tag: 'error', attrs: { code: '401', text: 'not-authorized' } }] };
  }
  const identShared = Curve.sharedKey(accountKey.privKey, Buffer.from(companionIdent));
  const advSecret = Buffer.from(hkdfSync('sha256', Buffer.concat([ephShared, identShared, random]), Buffer.alloc(0), 'adv_secret', 32));
  sim.pairingCodes.delete(req.phone);
  setTimeout(() => {
    finishPairing(sim, conn, req.account!, advSecret).then(
      (p) => req.resolve?.(p),
      (e: unknown) => req.reject?.(e),
    );
  }, 20);
  return ok;
}

function aesCtr(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('aes-256-ctr', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function gcmDecryptIv(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]);
}

export type { CodeRequest };

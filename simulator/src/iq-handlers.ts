/**
 * Answers every iq the client sends. Known queries get well-formed answers; anything else gets
 * an empty result (catch-all), so no client query waits for its timeout.
 */
import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { Companion } from './contacts.js';
import type { SimCore } from './core.js';
import type { PreKeyBundle } from './signal-store.js';
import { onCompanionFinish, onCompanionHello } from './pairing.js';
import { handleGroupIq } from './groups.js';
import { handleUsync } from './usync.js';

const be = (n: number, bytes: number): Buffer => {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(n, 0, bytes);
  return b;
};

export const iqResult = (iq: BinaryNode, content?: BinaryNode[]): BinaryNode => ({
  tag: 'iq',
  attrs: { id: iq.attrs.id ?? '', type: 'result', from: iq.attrs.to || '@s.whatsapp.net' },
  ...(content ? { content } : {}),
});

export const iqError = (iq: BinaryNode, code: number, text: string): BinaryNode => ({
  tag: 'iq',
  attrs: { id: iq.attrs.id ?? '', type: 'error', from: iq.attrs.to || '@s.whatsapp.net' },
  content: [{ tag: 'error', attrs: { code: String(code), text } }],
});

const childNodes = (n: BinaryNode | undefined): BinaryNode[] => (Array.isArray(n?.content) ? (n.content as BinaryNode[]) : []);
const buf = (n: BinaryNode | undefined): Buffer => (n?.content instanceof Uint8Array ? Buffer.from(n.content) : Buffer.alloc(0));

export async function handleIq(sim: SimCore, conn: Conn, iq: BinaryNode): Promise<BinaryNode | undefined> {
  const xmlns = iq.attrs.xmlns ?? '';
  const type = iq.attrs.type ?? '';
  const first = childNodes(iq)[0];
  const c = conn.companion;
  // answers to server-initiated iqs (e.g. pair-device) need no reply
  if (type === 'result' || type === 'error') return undefined;
  switch (xmlns) {
    case 'md': {
      if (first?.tag === 'link_code_companion_reg') {
        return first.attrs.stage === 'companion_finish' ? onCompanionFinish(sim, conn, iq, first) : onCompanionHello(sim, conn, iq, first);
      }
      if (first?.tag === 'remove-companion-device' && c) {
        c.account.companions.delete(c.device);
        setTimeout(() => conn.close(), 50);
      }
      return iqResult(iq);
    }
    case 'encrypt':
      if (!c) return iqError(iq, 401, 'not-authorized');
      return encryptIq(sim, c, iq, type, first);
    case 'usync':
      return handleUsync(sim, conn, iq);
    case 'passive':
      setTimeout(() => sim.flushOffline(conn), 10);
      return iqResult(iq);
    case 'abt':
      return iqResult(iq, [{ tag: 'props', attrs: { protocol: '1', hash: 'wa-sim-1' }, content: [{ tag: 'prop', attrs: { name: 'sim', value: '1' } }] }]);
    case 'blocklist':
      return type === 'get' ? iqResult(iq, [{ tag: 'list', attrs: {} }]) : iqResult(iq);
    case 'privacy':
      if (type === 'get' && first?.tag === 'privacy') {
        const cats = ['last', 'online', 'profile', 'status', 'readreceipts', 'groupadd', 'calladd'];
        return iqResult(iq, [{ tag: 'privacy', attrs: {}, content: cats.map((name) => ({ tag: 'category', attrs: { name, value: 'all' } })) }]);
      }
      return iqResult(iq);
    case 'w:m':
      return iqResult(iq, [
        {
          tag: 'media_conn',
          attrs: { auth: sim.media.auth, ttl: '3600', auth_ttl: '3600', max_buckets: '1' },
          content: [{ tag: 'host', attrs: { hostname: sim.media.host, maxContentLengthBytes: String(100 * 1024 * 1024) } }],
        },
      ]);
    case 'w:g2':
      return handleGroupIq(sim, conn, iq);
    case 'w:profile:picture':
      return iqError(iq, 404, 'item-not-found');
    default:
      sim.log('catch-all iq', xmlns, type, first?.tag);
      return iqResult(iq);
  }
}

function encryptIq(sim: SimCore, c: Companion, iq: BinaryNode, type: string, first: BinaryNode | undefined): BinaryNode {
  if (type === 'get' && first?.tag === 'count') {
    return iqResult(iq, [{ tag: 'count', attrs: { value: String(c.preKeys.size) } }]);
  }
  if (type === 'get' && first?.tag === 'digest') {
    return iqResult(iq, [{ tag: 'digest', attrs: {}, content: [{ tag: 'hash', attrs: {}, content: Buffer.alloc(20) }] }]);
  }
  if (type === 'set' && getBinaryNodeChild(iq, 'list')) {
    const identity = buf(getBinaryNodeChild(iq, 'identity'));
    if (!identity.equals(c.identityKey)) return iqError(iq, 406, 'identity-mismatch');
    for (const key of getBinaryNodeChildren(getBinaryNodeChild(iq, 'list'), 'key')) {
      c.preKeys.set(buf(getBinaryNodeChild(key, 'id')).readUIntBE(0, 3), buf(getBinaryNodeChild(key, 'value')));
    }
    const skey = getBinaryNodeChild(iq, 'skey');
    if (skey) {
      c.signedPreKey = {
        keyId: buf(getBinaryNodeChild(skey, 'id')).readUIntBE(0, 3),
        publicKey: buf(getBinaryNodeChild(skey, 'value')),
        signature: buf(getBinaryNodeChild(skey, 'signature')),
      };
    }
    sim.changed();
    return iqResult(iq);
  }
  if (type === 'set' && first?.tag === 'rotate') {
    const skey = getBinaryNodeChild(first, 'skey');
    if (skey) {
      c.signedPreKey = {
        keyId: buf(getBinaryNodeChild(skey, 'id')).readUIntBE(0, 3),
        publicKey: buf(getBinaryNodeChild(skey, 'value')),
        signature: buf(getBinaryNodeChild(skey, 'signature')),
      };
    }
    return iqResult(iq);
  }
  if (type === 'get' && first?.tag === 'key') {
    const users: BinaryNode[] = [];
    for (const u of getBinaryNodeChildren(first, 'user')) {
      const jid = u.attrs.jid ?? '';
      sim.prekeyFetches.push({ account: c.account.phone, jid, reason: u.attrs.reason ?? null });
      const bundle = bundleFor(sim, jid);
      if (bundle) users.push(bundleNode(jid, bundle));
    }
    return iqResult(iq, [{ tag: 'list', attrs: {}, content: users }]);
  }
  return iqResult(iq);
}

/** the prekey bundle of the device a JID names, if it exists */
export function bundleFor(sim: SimCore, jid: string): PreKeyBundle | undefined {
  const who = sim.dir.resolve(jid);
  const device = Number((jid.split('@')[0] ?? '').split(':')[1] ?? 0);
  if (!who) return undefined;
  if (who.kind === 'contact') return who.contact.onWhatsApp && device === 0 ? who.contact.device.bundle() : undefined;
  if (device === 0) return who.account.phoneDevice.bundle();
  const comp = who.account.companions.get(device);
  return comp ? sim.takeBundle(comp) : undefined;
}

function bundleNode(jid: string, b: PreKeyBundle): BinaryNode {
  const content: BinaryNode[] = [
    { tag: 'registration', attrs: {}, content: be(b.registrationId, 4) },
    { tag: 'type', attrs: {}, content: Buffer.from([5]) },
    { tag: 'identity', attrs: {}, content: b.identityKey },
    {
      tag: 'skey',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: be(b.signedPreKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.signedPreKey.publicKey },
        { tag: 'signature', attrs: {}, content: b.signedPreKey.signature },
      ],
    },
  ];
  if (b.preKey) {
    content.push({
      tag: 'key',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: be(b.preKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.preKey.publicKey },
      ],
    });
  }
  return { tag: 'user', attrs: { jid }, content };
}

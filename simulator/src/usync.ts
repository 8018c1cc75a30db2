/**
 * usync: device lists (devices v2), LID mappings, "is on WhatsApp" (contact) for each user.
 */
import { getBinaryNodeChild, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { SimCore } from './core.js';
import { iqResult } from './iq-handlers.js';

const kids = (n: BinaryNode | undefined): BinaryNode[] => (Array.isArray(n?.content) ? (n.content as BinaryNode[]) : []);

/** who a usync `<user>` asks about: its JID, or the phone number of its `<contact>` */
const userOf = (u: BinaryNode): string => {
  const contact = getBinaryNodeChild(u, 'contact')?.content;
  return u.attrs.jid ?? (contact instanceof Uint8Array ? Buffer.from(contact).toString() : '');
};

export function handleUsync(sim: SimCore, _conn: Conn, iq: BinaryNode): BinaryNode {
  const usync = getBinaryNodeChild(iq, 'usync');
  const protocols = kids(getBinaryNodeChild(usync, 'query')).map((p) => p.tag);
  const users = kids(getBinaryNodeChild(usync, 'list'));
  const out: BinaryNode[] = [];
  sim.usyncQueries.push({ context: usync?.attrs.context ?? '', protocols, users: users.map(userOf) });
  for (const u of users) {
    let jid = u.attrs.jid;
    const contactNode = getBinaryNodeChild(u, 'contact');
    if (!jid && contactNode?.content) {
      const phone = Buffer.from(contactNode.content as Uint8Array)
        .toString()
        .replace(/\D/g, '');
      jid = `${phone}@s.whatsapp.net`;
    }
    if (!jid) continue;
    const bare = `${(jid.split('@')[0] ?? '').split(':')[0]}@${jid.split('@')[1]}`;
    const who = sim.dir.resolve(bare);
    const refused = sim.refused.has((bare.split('@')[0] ?? '').replace(/\D/g, ''));
    const exists = !!who && !refused && (who.kind === 'account' || who.contact.onWhatsApp);
    const content: BinaryNode[] = [];
    for (const p of protocols) {
      if (p === 'contact') content.push({ tag: 'contact', attrs: { type: exists ? 'in' : 'out' } });
      else if (p === 'lid') {
        if (exists && who && !bare.endsWith('@lid')) {
          const lid = who.kind === 'contact' ? who.contact.lid : who.account.lid;
          content.push({ tag: 'lid', attrs: { val: `${lid}@lid` } });
        } else content.push({ tag: 'lid', attrs: {} });
      } else if (p === 'devices') {
        const devices: BinaryNode[] = [];
        if (exists && who) {
          devices.push({ tag: 'device', attrs: { id: '0' } });
          if (who.kind === 'account') {
            for (const c of who.account.companions.values()) devices.push({ tag: 'device', attrs: { id: String(c.device), 'key-index': String(c.keyIndex) } });
          }
        }
        content.push({ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: devices }] });
      }
    }
    out.push({ tag: 'user', attrs: { jid: bare }, content });
  }
  return iqResult(iq, [
    {
      tag: 'usync',
      attrs: { sid: usync?.attrs.sid ?? '', index: '0', last: 'true', mode: usync?.attrs.mode ?? 'query', context: usync?.attrs.context ?? 'interactive' },
      content: [{ tag: 'list', attrs: {}, content: out }],
    },
  ]);
}

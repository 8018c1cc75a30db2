/**
 * Server-side routing between linked devices: a stanza's per-device encs addressed to real
 * clients (other accounts' companions, or the sender's other companions) are forwarded to them,
 * and their receipts are forwarded back, as WhatsApp's server does.
 */
import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Companion } from './contacts.js';
import type { SimCore } from './core.js';

const now = (): string => String(Math.floor(Date.now() / 1000));

/** forwards the encs of `node` that address companions other than the sender; returns how many */
export function forwardToCompanions(sim: SimCore, sender: Companion, node: BinaryNode): number {
  const to = node.attrs.to ?? '';
  const isGroup = to.endsWith('@g.us');
  const skmsg = getBinaryNodeChildren(node, 'enc').find((e) => e.attrs.type === 'skmsg');
  let n = 0;
  for (const toNode of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const jid = toNode.attrs.jid ?? '';
    const device = Number((jid.split('@')[0] ?? '').split(':')[1] ?? 0);
    const who = sim.dir.resolve(jid);
    if (device === 0 || who?.kind !== 'account') continue;
    const comp = who.account.companions.get(device);
    const enc = getBinaryNodeChild(toNode, 'enc');
    if (!comp || comp === sender || !enc) continue;
    const lid = jid.endsWith('@lid');
    const senderPn = `${sender.account.phone}:${sender.device}@s.whatsapp.net`;
    const senderLid = `${sender.account.lid}:${sender.device}@lid`;
    const attrs: Record<string, string> = { id: node.attrs.id ?? '', type: node.attrs.type ?? 'text', t: now(), notify: sender.account.name };
    if (isGroup) {
      Object.assign(attrs, { from: to, participant: lid ? senderLid : senderPn, addressing_mode: lid ? 'lid' : 'pn' });
      attrs[lid ? 'participant_pn' : 'participant_lid'] = lid ? senderPn : senderLid;
    } else {
      Object.assign(attrs, { from: lid ? senderLid : senderPn });
      attrs[lid ? 'sender_pn' : 'sender_lid'] = lid ? senderPn : senderLid;
      if (lid) attrs.addressing_mode = 'lid';
      if (comp.account === sender.account) attrs.recipient = to;
    }
    const content: BinaryNode[] = [{ ...enc }];
    if (isGroup && skmsg) content.push({ ...skmsg });
    sim.deliver(comp, { tag: 'message', attrs, content });
    n++;
  }
  return n;
}

/** a client's receipt for a message sent by another account's device goes back to that account */
export function forwardReceipt(sim: SimCore, from: Companion, receipt: BinaryNode): void {
  const to = receipt.attrs.to ?? '';
  const target = sim.dir.resolve(receipt.attrs.participant && to.endsWith('@g.us') ? receipt.attrs.participant : to);
  if (target?.kind !== 'account' || target.account === from.account) return;
  const lid = to.endsWith('@lid');
  const type = receipt.attrs.type;
  // an inactive client's receipt counts as delivery for the sender; retry/sender/etc. stay local
  if (type && !['inactive', 'read', 'played'].includes(type)) return;
  const attrs: Record<string, string> = { id: receipt.attrs.id ?? '', t: now() };
  if (type && type !== 'inactive') attrs.type = type;
  if (to.endsWith('@g.us')) {
    attrs.from = to;
    attrs.participant = `${from.account.phone}@s.whatsapp.net`;
  } else {
    attrs.from = lid ? `${from.account.lid}@lid` : `${from.account.phone}@s.whatsapp.net`;
  }
  const items = getBinaryNodeChild(receipt, 'list');
  const content = items ? [items] : undefined;
  for (const comp of target.account.companions.values()) sim.deliver(comp, { tag: 'receipt', attrs: { ...attrs }, ...(content ? { content } : {}) });
}

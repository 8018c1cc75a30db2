// The sessions page: each session's status, its QR code or a pairing code while it links, and
// create/delete. Polls GET /sessions.
import { api } from './api.js';
import type { PairingCode, Session, SessionCreated } from './api-types.js';
import { byId, main, maybeById } from './dom.js';
import './frame.js';
import { copy, flash, h, onSubmit, run, text } from './ui.js';

const own = main().dataset.ownSession;
const POLL_MS = 1500;

interface Card {
  el: HTMLElement;
  status: HTMLElement;
  detail: HTMLElement;
  img: HTMLImageElement;
  pairing: HTMLFormElement;
  /** The QR payload the image shows, and the image's object URL. */
  qr: string | null;
  url: string | null;
}
const cards = new Map<string, Card>();

async function qrUrl(payload: string): Promise<string> {
  const res = await fetch('/dashboard/qr', { method: 'POST', body: payload, headers: { 'content-type': 'text/plain' } });
  if (!res.ok) throw new Error('The QR image could not be drawn.');
  return URL.createObjectURL(await res.blob());
}

function card(sessionId: string): Card {
  const sid = encodeURIComponent(sessionId);
  const status = h('span', { class: 'badge' });
  const detail = h('p', { class: 'muted' });
  const img = h('img', { class: 'qr', alt: `QR code to link session ${sessionId}: scan it in WhatsApp → Linked devices`, hidden: true });
  const phone = h('input', { id: `phone-${sessionId}`, name: 'phoneNumber', inputmode: 'tel', required: true, placeholder: '6281234567890' });
  const code = h('output', { class: 'badge', 'aria-live': 'polite', hidden: true });
  const pairing = h(
    'form',
    { class: 'row', hidden: true },
    h('label', { for: `phone-${sessionId}` }, 'Or pair with a code, phone number'),
    phone,
    h('button', { type: 'submit' }, 'Get pairing code'),
    code,
  );
  onSubmit(pairing, async (data) => {
    const res = await api<PairingCode>('POST', `/sessions/${sid}/pairing-code`, { phoneNumber: text(data, 'phoneNumber') });
    code.textContent = res.code;
    code.hidden = false;
    flash(`On the phone: Linked devices → Link with phone number, then type ${res.code}.`);
  });
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete…');
  remove.addEventListener('click', () => {
    if (!confirm(`Delete session ${sessionId}? It is logged out and all its data (webhook, lists, campaigns, media) is removed.`)) return;
    void run(remove, async () => {
      await api('DELETE', `/sessions/${sid}`);
      flash(`Session ${sessionId} deleted.`);
      if (own) location.href = '/dashboard/login';
      else await refresh();
    });
  });
  const el = h(
    'article',
    { class: 'card session', 'data-session': sessionId },
    h('h3', {}, h('a', { href: `/dashboard/sessions/${sid}` }, sessionId)),
    h('p', {}, 'Status: ', status),
    detail,
    img,
    pairing,
    h(
      'p',
      { class: 'row' },
      h('a', { href: `/dashboard/sessions/${sid}/inbox` }, 'Inbox'),
      h('a', { href: `/dashboard/sessions/${sid}` }, 'Webhook, deliveries, test message'),
      remove,
    ),
  );
  return { el, status, detail, img, pairing, qr: null, url: null };
}

async function update(entry: Card, s: Session): Promise<void> {
  entry.status.textContent = s.status;
  entry.status.className = `badge ${s.status}`;
  entry.detail.textContent = s.detail || '';
  entry.pairing.hidden = s.status !== 'QR';
  const qr = s.status === 'QR' ? (s.qr ?? null) : null;
  if (qr === entry.qr) return;
  entry.qr = qr;
  const url = qr ? await qrUrl(qr) : null;
  if (entry.qr !== qr) {
    // A newer poll changed the QR meanwhile: this image is stale.
    if (url) URL.revokeObjectURL(url);
    return;
  }
  if (entry.url) URL.revokeObjectURL(entry.url);
  entry.url = url;
  entry.img.hidden = !url;
  if (url) entry.img.src = url;
  else entry.img.removeAttribute('src');
}

let chain: Promise<void> = Promise.resolve();
/** One refresh at a time: a poll and a create never interleave. */
function refresh(): Promise<void> {
  chain = chain.then(load, load);
  return chain;
}

async function load(): Promise<void> {
  const all = await api<Session[]>('GET', '/sessions');
  const visible = own ? all.filter((s) => s.sessionId === own) : all;
  const list = byId('sessions');
  byId('sessions-empty').hidden = visible.length > 0;
  const seen = new Set<string>();
  for (const s of visible) {
    seen.add(s.sessionId);
    let entry = cards.get(s.sessionId);
    if (!entry) {
      entry = card(s.sessionId);
      cards.set(s.sessionId, entry);
      list.append(entry.el);
    }
    await update(entry, s);
  }
  for (const [id, entry] of cards) {
    if (!seen.has(id)) {
      entry.el.remove();
      cards.delete(id);
    }
  }
}

const create = maybeById('create-session', HTMLFormElement);
if (create) {
  onSubmit(create, async (data) => {
    const sessionId = text(data, 'sessionId');
    const res = await api<SessionCreated>('POST', '/sessions', { sessionId });
    byId('new-token-session').textContent = sessionId;
    byId('new-token-value').textContent = res.token;
    byId('new-token').hidden = false;
    create.reset();
    flash(res.message);
    await refresh();
  });
}
const copyButton = maybeById('copy-token', HTMLButtonElement);
copyButton?.addEventListener('click', () => copy(byId('new-token-value').textContent ?? '', copyButton));

async function loop(): Promise<void> {
  try {
    await refresh();
  } catch (err) {
    flash(`Could not load sessions: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
  setTimeout(loop, POLL_MS);
}
void loop();

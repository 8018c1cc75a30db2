// One session's page: its status, its webhook and recent deliveries, a test message and the
// latest messages.
import { api, q } from './api.js';
import type { Messages, SendResult, Session, Upload, Webhook, WebhookEvents, WebhookSet } from './api-types.js';
import { byId, main } from './dom.js';
import './frame.js';
import { aiPanel } from './ai-panel.js';
import { governorPanel } from './governor-panel.js';
import { badge, flash, h, onSubmit, run, text, when } from './ui.js';

const sessionId = main().dataset.sessionId ?? '';
const REFRESH_MS = 3000;
const governor = governorPanel(sessionId);
const ai = aiPanel(sessionId);

async function status(): Promise<void> {
  const all = await api<Session[]>('GET', '/sessions');
  const s = all.find((x) => x.sessionId === sessionId);
  const el = byId('status');
  el.textContent = s ? s.status : 'not found';
  el.className = `badge ${s ? s.status : 'failed'}`;
  byId('status-detail').textContent = s ? s.detail || '' : 'This session does not exist.';
}

async function webhook(): Promise<void> {
  const res = await api<Webhook>('GET', `/webhook${q({ sessionId })}`);
  byId('webhook-url').textContent = res.url || 'none set';
  if (res.url) byId('webhook-input', HTMLInputElement).value = res.url;
}

onSubmit(byId('webhook-form', HTMLFormElement), async (data) => {
  const res = await api<WebhookSet>('POST', '/webhook', { sessionId, url: text(data, 'url') });
  byId('webhook-secret-value').textContent = res.secret;
  byId('webhook-secret').hidden = false;
  flash(res.message);
  await webhook();
});
const removeButton = byId('webhook-remove', HTMLButtonElement);
removeButton.addEventListener('click', () => {
  if (!confirm('Remove the webhook? No events are sent until a new one is set.')) return;
  void run(removeButton, async () => {
    const res = await api<WebhookSet>('DELETE', '/webhook', { sessionId });
    byId('webhook-secret').hidden = true;
    flash(res.message);
    await webhook();
  });
});

async function events(): Promise<void> {
  const wanted = byId('events-status', HTMLSelectElement).value;
  const res = await api<WebhookEvents>('GET', `/webhook/events${q({ sessionId, status: wanted, limit: 50 })}`);
  const table = byId('events');
  table.querySelector('tbody')?.replaceChildren(
    ...res.events.map((e) => {
      const retry = e.status === 'dead' ? h('button', { type: 'button', class: 'secondary' }, 'Retry') : null;
      retry?.addEventListener('click', () =>
        run(retry, async () => {
          const r = await api<WebhookSet>('POST', `/webhook/events/${encodeURIComponent(e.id)}/retry`);
          flash(r.message);
          await events();
        }),
      );
      return h(
        'tr',
        {},
        h('td', {}, e.event),
        h('td', {}, badge(e.status)),
        h('td', {}, String(e.attempts)),
        h('td', {}, e.lastError || ''),
        h('td', {}, when(e.createdAt)),
        h('td', {}, retry),
      );
    }),
  );
  table.hidden = res.events.length === 0;
  byId('events-empty').hidden = res.events.length > 0;
}
onSubmit(byId('events-filter', HTMLFormElement), events);

const typeSelect = byId('send-type', HTMLSelectElement);
function showFields(): void {
  const media = typeSelect.value !== 'text';
  for (const el of document.querySelectorAll<HTMLElement>('[data-for=text]')) el.hidden = media;
  for (const el of document.querySelectorAll<HTMLElement>('[data-for=media]')) el.hidden = !media;
  byId('send-text', HTMLTextAreaElement).required = !media;
  byId('send-file', HTMLInputElement).required = media;
}
typeSelect.addEventListener('change', showFields);
showFields();

onSubmit(byId('send-form', HTMLFormElement), async (data) => {
  const type = text(data, 'type');
  const message: Record<string, unknown> = { recipient_type: 'individual', to: text(data, 'to'), type };
  if (type === 'text') message.text = { body: text(data, 'text') };
  else {
    const file = data.get('file');
    if (!(file instanceof File)) throw new Error('Choose a file to send.');
    const upload = new FormData();
    upload.append('file', file);
    const media = await api<Upload>('POST', '/media', upload);
    const caption = text(data, 'caption') || undefined;
    message[type] = type === 'image' ? { id: media.mediaId, caption } : { id: media.mediaId, filename: file.name, caption };
  }
  const [result] = await api<SendResult[]>('POST', `/messages${q({ sessionId })}`, message);
  if (result?.status !== 'success') throw new Error(result?.message ?? 'The gateway did not answer for this message.');
  flash(result.message);
  await recentMessages();
});

/** The session's latest messages from GET /messages, with where each one stands. */
async function recentMessages(): Promise<void> {
  const res = await api<Messages>('GET', `/messages${q({ sessionId, limit: 20 })}`);
  byId('messages').replaceChildren(
    ...res.messages.map((m) =>
      h(
        'li',
        {},
        `${when(m.createdAt)} · ${m.origin === 'auto_reply' ? 'auto-reply ' : m.origin === 'ai' ? 'AI reply ' : m.origin === 'phone' ? 'from the phone: ' : ''}${m.type} ${m.direction === 'out' ? 'to' : 'from'} ${m.remoteJid} · `,
        badge(m.status),
        ` · ${m.id}${m.error ? ` · ${m.error}` : ''}`,
      ),
    ),
  );
  byId('messages-empty').hidden = res.messages.length > 0;
}

void run(null, () => Promise.all([status(), webhook(), events(), recentMessages(), governor.refresh(), ai.refresh()]));
setInterval(() => void Promise.all([status(), recentMessages(), governor.refresh(), ai.refresh()]).catch(() => undefined), REFRESH_MS);

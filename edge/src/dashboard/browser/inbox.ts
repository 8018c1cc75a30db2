// One session's inbox: its chats (unread badges), the open chat's messages as bubbles, a reply box
// that sends through POST /messages and marks the chat read. The session's event stream (SSE)
// redraws what changed without a reload; if the stream is refused, the page polls instead.
import { api, q } from './api.js';
import type { Chat, Chats, Message, Messages, SendResult } from './api-types.js';
import { bubble, preview } from './bubbles.js';
import { byId, main } from './dom.js';
import './frame.js';
import { h, onSubmit, run, text, when } from './ui.js';

const sessionId = main().dataset.sessionId ?? '';
const PAGE = 50;
const POLL_MS = 5000;

let chats: Chat[] = [];
let chatsCursor: string | null = null;
let openChat: string | null = null;
/** The open chat's loaded messages, newest first, and the cursor of the page before them. */
let loaded: Message[] = [];
let olderCursor: string | null = null;

const chatName = (chat: Chat) => chat.name ?? chat.phone ?? chat.chatId;

function drawChats(): void {
  byId('chats').replaceChildren(
    ...chats.map((chat) => {
      const unread = chat.unreadCount > 0 ? h('span', { class: 'unread', 'aria-label': `${chat.unreadCount} unread` }, String(chat.unreadCount)) : null;
      const button = h(
        'button',
        { type: 'button', class: 'chat', 'aria-current': chat.chatId === openChat ? 'true' : null, 'data-chat': chat.chatId },
        h('span', { class: 'chat-name' }, chatName(chat)),
        h('span', { class: 'chat-time muted' }, when(chat.lastMessage.createdAt)),
        h('span', { class: 'chat-preview' }, `${chat.lastMessage.direction === 'out' ? 'You: ' : ''}${preview(chat.lastMessage.content)}`),
        unread,
      );
      button.addEventListener('click', () => void run(null, () => open(chat.chatId)));
      return h('li', {}, button);
    }),
  );
  byId('chats-empty').hidden = chats.length > 0;
  byId('chats-more').hidden = chatsCursor === null;
}

/** The newest page of chats; older pages already shown stay below it. */
async function refreshChats(): Promise<void> {
  const res = await api<Chats>('GET', `/sessions/${encodeURIComponent(sessionId)}/chats${q({ limit: PAGE })}`);
  const fresh = new Set(res.chats.map((c) => c.chatId));
  const older = chats.slice(PAGE).filter((c) => !fresh.has(c.chatId));
  if (chats.length <= PAGE) chatsCursor = res.nextCursor;
  chats = [...res.chats, ...older];
  drawChats();
}

byId('chats-more').addEventListener('click', () =>
  run(byId('chats-more', HTMLButtonElement), async () => {
    const res = await api<Chats>('GET', `/sessions/${encodeURIComponent(sessionId)}/chats${q({ limit: PAGE, cursor: chatsCursor })}`);
    const known = new Set(chats.map((c) => c.chatId));
    chats = [...chats, ...res.chats.filter((c) => !known.has(c.chatId))];
    chatsCursor = res.nextCursor;
    drawChats();
  }),
);

const messagesOf = (chatId: string, cursor: string | null) => api<Messages>('GET', `/messages${q({ sessionId, chatId, limit: PAGE, cursor })}`);

function drawConversation(): void {
  const byMessageId = new Map(loaded.map((m) => [m.id, m]));
  const list = byId('bubbles');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...[...loaded].reverse().map((m) => bubble(m, (id) => byMessageId.get(id))));
  byId('older').hidden = olderCursor === null;
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/** The open chat's newest page, joined to what is loaded when the two overlap. */
async function refreshConversation(): Promise<void> {
  if (!openChat) return;
  const chatId = openChat;
  const res = await messagesOf(chatId, null);
  if (chatId !== openChat) return;
  const last = res.messages.at(-1);
  const overlap = last ? loaded.findIndex((m) => m.id === last.id) : -1;
  if (overlap >= 0) loaded = [...res.messages, ...loaded.slice(overlap + 1)];
  else {
    loaded = res.messages;
    olderCursor = res.nextCursor;
  }
  drawConversation();
}

async function open(chatId: string): Promise<void> {
  openChat = chatId;
  loaded = [];
  olderCursor = null;
  history.replaceState(null, '', `#chat=${encodeURIComponent(chatId)}`);
  const chat = chats.find((c) => c.chatId === chatId);
  byId('conversation-title').textContent = chat ? chatName(chat) : chatId;
  byId('conversation-phone').textContent = chat?.phone && chat.name ? `+${chat.phone}` : chatId;
  byId('reply-form').hidden = false;
  byId('bubbles').hidden = false;
  drawChats();
  await refreshConversation();
  const list = byId('bubbles');
  list.scrollTop = list.scrollHeight;
}

byId('older').addEventListener('click', () =>
  run(byId('older', HTMLButtonElement), async () => {
    if (!openChat || !olderCursor) return;
    const res = await messagesOf(openChat, olderCursor);
    loaded = [...loaded, ...res.messages];
    olderCursor = res.nextCursor;
    drawConversation();
  }),
);

onSubmit(byId('reply-form', HTMLFormElement), async (data) => {
  if (!openChat) return;
  const chatId = openChat;
  const group = chatId.endsWith('@g.us');
  const message = { recipient_type: group ? 'group' : 'individual', to: chatId, type: 'text', text: { body: text(data, 'text') } };
  const [result] = await api<SendResult[]>('POST', `/messages${q({ sessionId })}`, message);
  if (result?.status !== 'success') throw new Error(result?.message ?? 'The gateway did not answer for this message.');
  byId('reply-text', HTMLTextAreaElement).value = '';
  // Answering reads the chat: its latest received message and everything before it.
  const latestIn = loaded.find((m) => m.direction === 'in');
  if (latestIn && (chats.find((c) => c.chatId === chatId)?.unreadCount ?? 0) > 0) await api('POST', '/chats/read', { sessionId, chatId, upTo: latestIn.id });
  await Promise.all([refreshChats(), refreshConversation()]);
});

let pending: ReturnType<typeof setTimeout> | undefined;
/** Redraws chats and the open conversation once for a burst of events. */
function refreshSoon(): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    void Promise.all([refreshChats(), refreshConversation()]).catch(() => undefined);
  }, 150);
}

function setLive(state: string, label: string): void {
  const el = byId('live');
  el.textContent = label;
  el.className = `badge ${state}`;
}

/** The session's events as they happen; polling when the stream cannot be held (e.g. 429). */
function follow(): void {
  const source = new EventSource(`/api/v1/sessions/${encodeURIComponent(sessionId)}/events/stream`);
  source.addEventListener('open', () => {
    setLive('sent', 'live');
    refreshSoon();
  });
  for (const event of ['message.received', 'message.status', 'message.reaction', 'message.edited', 'message.revoked', 'message.poll_vote'])
    source.addEventListener(event, refreshSoon);
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) {
      setLive('pending', 'reconnecting…');
      return;
    }
    setLive('paused', `refreshing every ${POLL_MS / 1000} s`);
    setInterval(refreshSoon, POLL_MS);
  });
}

void run(null, async () => {
  await refreshChats();
  const wanted = new URLSearchParams(location.hash.slice(1)).get('chat');
  if (wanted) await open(wanted);
  follow();
});

import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';

/** One session's chats and a conversation; everything in them is drawn by inbox.js as text. */
export function InboxPage(props: { principal: Principal; sessionId: string }) {
  return (
    <Layout title={`Inbox · ${props.sessionId}`} principal={props.principal} active="sessions" script="inbox.js" data={{ 'session-id': props.sessionId }}>
      <p class="row">
        <a href={`/dashboard/sessions/${encodeURIComponent(props.sessionId)}`}>Session settings</a>
        <span id="live" class="badge pending">
          connecting…
        </span>
      </p>
      <div class="inbox">
        <section class="card chat-list" aria-labelledby="chats-title">
          <h2 id="chats-title">Chats</h2>
          <p id="chats-empty" class="empty">
            No chats yet: messages sent or received by this session appear here.
          </p>
          <ul id="chats" class="plain chats"></ul>
          <button type="button" id="chats-more" class="secondary" hidden>
            Older chats
          </button>
        </section>
        <section class="card conversation" aria-labelledby="conversation-title">
          <h2 id="conversation-title">Choose a chat</h2>
          <p id="conversation-phone" class="muted"></p>
          <button type="button" id="older" class="secondary" hidden>
            Older messages
          </button>
          <ol id="bubbles" class="bubbles" aria-label="Messages" hidden></ol>
          <form id="reply-form" class="reply" hidden>
            <label for="reply-text">Reply</label>
            <textarea id="reply-text" name="text" rows={2} required maxlength={4096}></textarea>
            <button type="submit">Send</button>
          </form>
        </section>
      </div>
    </Layout>
  );
}

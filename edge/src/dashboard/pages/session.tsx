import { isPrivileged, type Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { AiCard } from './ai-card.js';
import { DataTable } from './data-table.js';
import { GovernorCard } from './governor-card.js';

export function SessionPage(props: { principal: Principal; sessionId: string }) {
  return (
    <Layout title={`Session ${props.sessionId}`} principal={props.principal} active="sessions" script="session.js" data={{ 'session-id': props.sessionId }}>
      <p>
        Status:{' '}
        <span id="status" class="badge">
          …
        </span>{' '}
        <span id="status-detail" class="muted"></span>
      </p>
      <p>
        <a href={`/dashboard/sessions/${encodeURIComponent(props.sessionId)}/inbox`}>Open the inbox</a>: chats, conversations and replies.{' '}
        <a href={`/dashboard/sessions/${encodeURIComponent(props.sessionId)}/auto-replies`}>Auto-replies</a>: keyword and first-message rules.
      </p>
      <GovernorCard />
      <AiCard canEdit={isPrivileged(props.principal)} />
      <section class="card" aria-labelledby="webhook-title">
        <h2 id="webhook-title">Webhook</h2>
        <p>
          Current URL: <code id="webhook-url">…</code>
        </p>
        <form id="webhook-form" class="row">
          <label for="webhook-input">Webhook URL</label>
          <input id="webhook-input" name="url" type="url" required placeholder="https://example.com/wa-events" />
          <button type="submit">Set / rotate secret</button>
          <button type="button" id="webhook-remove" class="danger">
            Remove
          </button>
        </form>
        <div id="webhook-secret" class="notice" hidden>
          <p>Signing secret (shown once; events carry X-Webhook-Signature = HMAC-SHA256 with it):</p>
          <code id="webhook-secret-value" class="secret"></code>
        </div>
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">Recent webhook deliveries</h2>
        <form id="events-filter" class="row">
          <label for="events-status">Show</label>
          <select id="events-status" name="status">
            <option value="">all</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="dead">dead</option>
          </select>
          <button type="submit">Refresh</button>
        </form>
        <DataTable id="events" columns={['Event', 'Status', 'Attempts', 'Last error', 'Created', 'Action']} empty="No webhook events yet." />
      </section>
      <section class="card" aria-labelledby="send-title">
        <h2 id="send-title">Send a test message</h2>
        <form id="send-form" class="stack">
          <label for="send-to">To (number with country code, or JID)</label>
          <input id="send-to" name="to" required placeholder="6281234567890" inputmode="tel" />
          <label for="send-type">Type</label>
          <select id="send-type" name="type">
            <option value="text">text</option>
            <option value="image">image</option>
            <option value="document">document</option>
          </select>
          <label for="send-text" data-for="text">
            Text
          </label>
          <textarea id="send-text" name="text" rows={3} data-for="text"></textarea>
          <label for="send-file" data-for="media" hidden>
            File (JPEG, PNG, GIF, WebP, PDF, Word, Excel; at most 25 MB)
          </label>
          <input id="send-file" name="file" type="file" data-for="media" hidden />
          <label for="send-caption" data-for="media" hidden>
            Caption (optional)
          </label>
          <input id="send-caption" name="caption" data-for="media" hidden />
          <button type="submit">Send</button>
        </form>
      </section>
      <section class="card" aria-labelledby="messages-title">
        <h2 id="messages-title">Recent messages</h2>
        <p id="messages-empty" class="empty">
          No messages yet.
        </p>
        <ul id="messages" class="plain"></ul>
      </section>
    </Layout>
  );
}

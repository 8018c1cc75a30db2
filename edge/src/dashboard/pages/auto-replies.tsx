import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** A session's auto-reply rules: the table in the order they are tried, and one form that adds a
 * rule or, after "Edit", changes one. */
export function AutoRepliesPage(props: { principal: Principal; sessionId: string }) {
  return (
    <Layout
      title={`Auto-replies of ${props.sessionId}`}
      principal={props.principal}
      active="sessions"
      script="auto-replies.js"
      data={{ 'session-id': props.sessionId }}
    >
      <p>
        <a href={`/dashboard/sessions/${encodeURIComponent(props.sessionId)}`}>Back to the session</a>
      </p>
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        <p class="muted">
          Tried from the top; the first enabled rule a message matches answers. After any auto-reply to a contact, none goes to it for the rule's cooldown.
          Replies go through the send governor like every send.
        </p>
        <DataTable id="rules" columns={['Priority', 'Name', 'Match', 'Reply', 'When', 'Cooldown', 'Enabled', 'Actions']} empty="No auto-reply rules yet." />
      </section>
      <section class="card" aria-labelledby="rule-form-title">
        <h2 id="rule-form-title">New rule</h2>
        <form id="rule-form" class="stack">
          <input type="hidden" name="ruleId" />
          <label for="rule-name">Name (optional)</label>
          <input id="rule-name" name="name" maxlength={100} />
          <label for="rule-match">Match</label>
          <select id="rule-match" name="match">
            <option value="contains">text contains</option>
            <option value="exact">text is exactly</option>
            <option value="regex">regular expression (RE2)</option>
            <option value="first_message">first message from a new contact</option>
          </select>
          <label for="rule-pattern">Pattern</label>
          <input id="rule-pattern" name="pattern" maxlength={500} autocomplete="off" />
          <label>
            <input type="checkbox" name="caseSensitive" /> Case sensitive
          </label>
          <label for="rule-reply-type">Reply</label>
          <select id="rule-reply-type" name="replyType">
            <option value="text">text</option>
            <option value="image">image</option>
            <option value="document">document</option>
            <option value="video">video</option>
            <option value="audio">audio</option>
          </select>
          <label for="rule-reply-text">Reply text (or media caption)</label>
          <textarea id="rule-reply-text" name="replyText" rows={3} maxlength={4096}></textarea>
          <label for="rule-reply-media">Media: https link or mediaId of an upload (not for text)</label>
          <input id="rule-reply-media" name="replyMedia" autocomplete="off" />
          <div class="grid">
            <div class="stack">
              <label for="rule-priority">Priority (lower first)</label>
              <input id="rule-priority" name="priority" inputmode="numeric" value="0" />
            </div>
            <div class="stack">
              <label for="rule-cooldown">Cooldown per contact (seconds, at least 60)</label>
              <input id="rule-cooldown" name="cooldownSeconds" inputmode="numeric" value="3600" />
            </div>
            <div class="stack">
              <label for="rule-window">Time window (HH:MM-HH:MM, empty = always)</label>
              <input id="rule-window" name="timeWindow" placeholder="09:00-17:00" />
            </div>
            <div class="stack">
              <label for="rule-zone">Time zone</label>
              <input id="rule-zone" name="timeZone" value="UTC" />
            </div>
          </div>
          <label>
            <input type="checkbox" name="groups" /> Also answer in group chats
          </label>
          <label>
            <input type="checkbox" name="enabled" checked /> Enabled
          </label>
          <p class="row">
            <button type="submit" id="rule-submit">
              Add rule
            </button>
            <button type="button" id="rule-cancel" class="secondary" hidden>
              Cancel edit
            </button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

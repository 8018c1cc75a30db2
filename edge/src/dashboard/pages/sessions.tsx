import { isPrivileged, type Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';

export function SessionsPage(props: { principal: Principal }) {
  const privileged = isPrivileged(props.principal);
  return (
    <Layout title="Sessions" principal={props.principal} active="sessions" script="sessions.js">
      {privileged ? (
        <section class="card" aria-labelledby="create-title">
          <h2 id="create-title">Create a session</h2>
          <form id="create-session" class="row">
            <label for="new-session-id">Session ID</label>
            <input id="new-session-id" name="sessionId" required pattern="[A-Za-z0-9_\-]{1,64}" placeholder="e.g. sales" aria-describedby="session-id-help" />
            <button type="submit">Create</button>
          </form>
          <p id="session-id-help" class="muted">
            1–64 letters, digits, “_” or “-”.
          </p>
          <div id="new-token" class="notice" hidden>
            <p>
              Token for <strong id="new-token-session"></strong>. It is shown once here: copy it now.
            </p>
            <code id="new-token-value" class="secret"></code>
            <button type="button" id="copy-token">
              Copy token
            </button>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">{privileged ? 'All sessions' : props.principal.kind === 'operator' ? 'Your sessions' : 'Your session'}</h2>
        <p id="sessions-empty" class="empty" hidden>
          No sessions yet. Create one above, then scan its QR code with WhatsApp.
        </p>
        <div id="sessions" class="grid" aria-live="polite"></div>
      </section>
    </Layout>
  );
}

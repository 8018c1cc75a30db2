/** The session page's AI replies card: what the AI does now (today's count, the last error) and
 * its settings. Only the master key or an admin may change them (the host calls that URL with that
 * key); everyone else sees them read-only. */
export function AiCard(props: { canEdit: boolean }) {
  return (
    <section class="card" aria-labelledby="ai-title">
      <h2 id="ai-title">AI replies</h2>
      <p id="ai-state" role="status">
        …
      </p>
      <ul id="ai-facts" class="plain"></ul>
      <form id="ai-form" class="stack">
        <fieldset class="stack" {...(props.canEdit ? {} : { disabled: true })}>
          {props.canEdit ? null : <p class="muted">Only an admin can change these settings.</p>}
          <div class="row">
            <input id="ai-enabled" name="enabled" type="checkbox" />
            <label for="ai-enabled">Answer contacts' texts in 1:1 chats</label>
          </div>
          <div class="grid">
            <div class="stack">
              <label for="ai-baseUrl">Endpoint base URL (OpenAI-compatible)</label>
              <input id="ai-baseUrl" name="baseUrl" type="url" required placeholder="https://api.openai.com/v1" autocomplete="off" />
            </div>
            <div class="stack">
              <label for="ai-model">Model</label>
              <input id="ai-model" name="model" required placeholder="gpt-4o-mini" autocomplete="off" />
            </div>
            <div class="stack">
              <label for="ai-apiKey">
                API key <span class="muted">(never shown; empty keeps the stored one)</span>
              </label>
              <input id="ai-apiKey" name="apiKey" type="password" autocomplete="new-password" />
            </div>
            <div class="stack">
              <label for="ai-contextMessages">
                Context messages <span class="muted">(1–50)</span>
              </label>
              <input id="ai-contextMessages" name="contextMessages" inputmode="numeric" value="10" />
            </div>
            <div class="stack">
              <label for="ai-dailyCap">
                Replies per day <span class="muted">(UTC)</span>
              </label>
              <input id="ai-dailyCap" name="dailyCap" inputmode="numeric" value="100" />
            </div>
          </div>
          <label for="ai-systemPrompt">System prompt</label>
          <textarea id="ai-systemPrompt" name="systemPrompt" rows={3}></textarea>
          <div class="row">
            <button type="submit">Save AI settings</button>
            <button type="button" id="ai-remove" class="danger">
              Remove AI settings
            </button>
          </div>
        </fieldset>
      </form>
    </section>
  );
}

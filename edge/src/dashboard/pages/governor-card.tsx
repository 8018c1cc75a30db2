/** The session page's send governor card: what holds sends back, the day's counts against the
 * caps, a resume after an auto-pause, and the session's own settings (empty = gateway default). */
const FIELDS: { name: string; label: string; hint: string; mode?: 'numeric' | 'decimal' }[] = [
  { name: 'ratePerMinute', label: 'Messages per minute', hint: '0 = no pacing', mode: 'numeric' },
  { name: 'hourlyCap', label: 'Hourly cap', hint: '0 = none', mode: 'numeric' },
  { name: 'dailyCap', label: 'Daily cap', hint: '0 = none', mode: 'numeric' },
  { name: 'firstContactDailyCap', label: 'First-contact messages per day', hint: '0 = none', mode: 'numeric' },
  { name: 'quietHours', label: 'Quiet hours', hint: 'HH:MM-HH:MM, e.g. 22:00-07:00; "off" = none' },
  { name: 'timeZone', label: 'Time zone', hint: 'IANA, e.g. Asia/Jakarta' },
  { name: 'warmup', label: 'Warm-up daily caps', hint: 'day 1, day 2, …: e.g. 20,40,80; "off" = none' },
  { name: 'composingMsPerChar', label: 'Typing ms per character', hint: '0 = off', mode: 'numeric' },
];

export function GovernorCard() {
  return (
    <section class="card" aria-labelledby="governor-title">
      <h2 id="governor-title">Send governor</h2>
      <p id="governor-state" role="status">
        …
      </p>
      <button type="button" id="governor-resume" hidden>
        Resume sends
      </button>
      <ul id="governor-facts" class="plain"></ul>
      <form id="governor-form" class="stack">
        <p class="muted">This session's own settings; an empty field takes the gateway's default (shown as its placeholder).</p>
        <div class="grid">
          {FIELDS.map((f) => (
            <div class="stack">
              <label for={`governor-${f.name}`}>
                {f.label} <span class="muted">({f.hint})</span>
              </label>
              <input id={`governor-${f.name}`} name={f.name} inputmode={f.mode} autocomplete="off" />
            </div>
          ))}
        </div>
        <button type="submit">Save governor settings</button>
      </form>
    </section>
  );
}

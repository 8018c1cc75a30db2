// The session page's send governor card: GET /sessions/{id}/governor shown as a sentence and a few
// facts, the resume button while paused, and the settings form (PUT; empty fields are left out).
import { api } from './api.js';
import type { Governor, GovernorResumed, GovernorUpdated } from './api-types.js';
import { byId } from './dom.js';
import { flash, h, onSubmit, run, text, when } from './ui.js';

const NUMBER_FIELDS = ['ratePerMinute', 'hourlyCap', 'dailyCap', 'firstContactDailyCap', 'composingMsPerChar'] as const;

const ofCap = (count: number, cap: number | null) => (cap === null ? `${count} (no cap)` : `${count} of ${cap}`);

/** The form's fields as the PUT body: empty ones are left out (the default applies). */
function overridesFrom(data: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of NUMBER_FIELDS) {
    const value = text(data, name).trim();
    if (value !== '') body[name] = Number(value);
  }
  const quiet = text(data, 'quietHours').trim();
  if (quiet !== '') body.quietHours = quiet.toLowerCase() === 'off' ? null : quiet;
  const zone = text(data, 'timeZone').trim();
  if (zone !== '') body.timeZone = zone;
  const warmup = text(data, 'warmup').trim();
  if (warmup !== '') body.warmup = warmup.toLowerCase() === 'off' ? [] : warmup.split(',').map((x) => Number(x.trim()));
  return body;
}

function fill(form: HTMLFormElement, g: Governor): void {
  const shown = (value: unknown) => (value === null ? 'off' : Array.isArray(value) ? (value.length ? value.join(',') : 'off') : String(value));
  for (const [name, value] of Object.entries(g.settings)) {
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement)) continue;
    input.placeholder = shown(value);
    if (document.activeElement !== input) {
      const own = (g.overrides as Record<string, unknown>)[name];
      input.value = own === undefined ? '' : shown(own);
    }
  }
}

export function governorPanel(sessionId: string): { refresh(): Promise<void> } {
  const path = `/sessions/${encodeURIComponent(sessionId)}/governor`;
  const state = byId('governor-state');
  const resume = byId('governor-resume', HTMLButtonElement);
  const form = byId('governor-form', HTMLFormElement);
  let filled = false;

  async function refresh(): Promise<void> {
    let g: Governor;
    try {
      g = await api<Governor>('GET', path);
    } catch (err) {
      state.textContent = err instanceof Error ? err.message : String(err);
      resume.hidden = true;
      return;
    }
    state.textContent = g.hold ? g.hold.reason : `Sending freely; the next message may go at ${when(g.nextSendAt)}.`;
    resume.hidden = g.paused === null;
    const facts = [
      h('li', {}, `Today: ${ofCap(g.counts.today, g.limits.dailyCap)}${g.limits.warmupDay ? ` (warm-up day ${g.limits.warmupDay})` : ''}`),
      h('li', {}, `This hour: ${ofCap(g.counts.thisHour, g.limits.hourlyCap)}`),
      h('li', {}, `First contacts today: ${ofCap(g.counts.firstContactsToday, g.limits.firstContactDailyCap)}`),
      h(
        'li',
        {},
        g.quietHours.window
          ? `Quiet hours: ${g.quietHours.window} (${g.quietHours.timeZone})${g.quietHours.active ? `, now, until ${when(g.quietHours.endsAt)}` : ''}`
          : `Quiet hours: none (${g.quietHours.timeZone})`,
      ),
    ];
    if (g.paused) facts.push(h('li', {}, `Paused since ${when(g.paused.since)}: ${g.paused.reason}`));
    byId('governor-facts').replaceChildren(...facts);
    if (!filled) {
      fill(form, g);
      filled = true;
    }
  }

  resume.addEventListener('click', () =>
    run(resume, async () => {
      const res = await api<GovernorResumed>('POST', `${path}/resume`);
      flash(res.message);
      await refresh();
    }),
  );
  onSubmit(form, async (data) => {
    const res = await api<GovernorUpdated>('PUT', path, overridesFrom(data));
    flash(res.message);
    filled = false;
    await refresh();
  });
  return { refresh };
}

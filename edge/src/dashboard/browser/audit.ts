// The audit log page (admins): newest first, filtered by who, action, session and time, with
// older pages on demand.
import type { z } from 'zod';
import type { AuditResponse } from '../../routes/audit/schema.js';
import { api, q } from './api.js';
import { byId, control } from './dom.js';
import './frame.js';
import { h, onSubmit, run, text, when } from './ui.js';

type Page = z.infer<typeof AuditResponse>;
let next: string | null = null;

/** A datetime-local value (the browser's time zone) as ISO 8601, '' when empty. */
const instant = (value: string) => (value ? new Date(value).toISOString() : '');

function filters(): Record<string, string> {
  const data = new FormData(byId('audit-filter', HTMLFormElement));
  return {
    actor: text(data, 'actor').trim(),
    action: text(data, 'action').trim(),
    sessionId: text(data, 'sessionId').trim(),
    since: instant(text(data, 'since')),
    until: instant(text(data, 'until')),
  };
}

async function load(append: boolean): Promise<void> {
  const page = await api<Page>('GET', `/audit${q({ ...filters(), cursor: append ? next : null })}`);
  next = page.nextCursor;
  const rows = page.entries.map((e) =>
    h(
      'tr',
      {},
      h('td', {}, when(e.at)),
      h('td', {}, e.actor),
      h('td', {}, e.action),
      h('td', {}, e.target ?? ''),
      h('td', {}, e.sessionId ?? ''),
      h('td', {}, h('span', { class: `badge ${e.status < 400 ? 'delivered' : 'failed'}` }, String(e.status))),
      h('td', {}, e.address),
      h(
        'td',
        { class: 'muted' },
        Object.entries(e.detail)
          .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
          .join('; '),
      ),
    ),
  );
  const table = byId('audit');
  const body = table.querySelector('tbody');
  if (append) body?.append(...rows);
  else body?.replaceChildren(...rows);
  const count = body?.children.length ?? 0;
  table.hidden = count === 0;
  byId('audit-empty').hidden = count > 0;
  byId('audit-more').hidden = next === null;
}

onSubmit(byId('audit-filter', HTMLFormElement), () => load(false));
const more = byId('audit-more', HTMLButtonElement);
more.addEventListener('click', () => run(more, () => load(true)));
control(byId('audit-filter', HTMLFormElement), 'actor', HTMLInputElement).focus();
void run(null, () => load(false));

// The campaigns page: every campaign with live progress and its actions, and the new-campaign form.
import { api } from './api.js';
import type { CampaignProgress, CampaignSummary } from './api-types.js';
import { actionsFor, follow } from './campaign-actions.js';
import { wireCampaignForm } from './campaign-form.js';
import { byId } from './dom.js';
import './frame.js';
import { badge, h, progressBar, run, when } from './ui.js';

interface Row {
  el: HTMLElement;
  stop: () => void;
  set(progress: CampaignProgress): void;
}
const rows = new Map<string, Row>();

function row(c: CampaignSummary): Row {
  const bar = progressBar(`Progress of ${c.name}`);
  const status = h('span');
  const counts = h('span', { class: 'muted' });
  const actions = h('span', { class: 'row' });
  const scheduled = c.scheduledAt ? ` · scheduled ${when(c.scheduledAt)}` : '';
  const el = h(
    'article',
    { class: 'card campaign', 'data-campaign': c.id },
    h('h3', {}, h('a', { href: `/dashboard/campaigns/${c.id}` }, c.name)),
    h('p', { class: 'row' }, status, h('span', { class: 'muted' }, `session ${c.sessionId} · created ${when(c.createdAt)}${scheduled}`)),
    bar.el,
    counts,
    actions,
  );
  const entry: Row = {
    el,
    stop: () => undefined,
    set(p) {
      status.replaceChildren(badge(p.status));
      if (p.statusDetail) status.append(' ', h('span', { class: 'muted' }, p.statusDetail));
      bar.set(p.statistics);
      counts.textContent = `${p.statistics.sent} sent · ${p.statistics.failed} failed · ${p.statistics.pending} pending · ${p.statistics.total} total`;
      actions.replaceChildren(...actionsFor(c.id, p.status, refresh));
    },
  };
  entry.set(c);
  return entry;
}

async function refresh(): Promise<void> {
  const list = await api<CampaignSummary[]>('GET', '/campaigns');
  byId('campaigns-empty').hidden = list.length > 0;
  for (const entry of rows.values()) entry.stop();
  rows.clear();
  byId('campaigns').replaceChildren(
    ...list.map((c) => {
      const entry = row(c);
      rows.set(c.id, entry);
      entry.stop = follow(c.id, c.status, (p) => entry.set(p));
      return entry.el;
    }),
  );
}

wireCampaignForm(byId('campaign-create', HTMLFormElement), () => void run(null, refresh));
void run(null, refresh);

// One campaign's page: its progress (live), actions, and its recipients page by page.
import { isFinal } from '../../../../shared/src/campaigns/status.js';
import { api, q } from './api.js';
import type { CampaignDetails, CampaignProgress } from './api-types.js';
import { actionsFor, follow } from './campaign-actions.js';
import { byId, main } from './dom.js';
import './frame.js';
import { badge, h, onSubmit, progressBar, run, when } from './ui.js';

const id = main().dataset.campaignId ?? '';
const PAGE_SIZE = 50;
let page = 1;
let stop: () => void = () => undefined;
const bar = progressBar('Campaign progress');

function showProgress(p: CampaignProgress): void {
  byId('summary').replaceChildren(
    h('p', { class: 'row' }, badge(p.status), p.statusDetail ? h('span', { class: 'muted' }, p.statusDetail) : ''),
    bar.el,
    h('p', {}, `${p.statistics.sent} sent · ${p.statistics.failed} failed · ${p.statistics.pending} pending · ${p.statistics.total} total`),
  );
  bar.set(p.statistics);
  byId('actions').replaceChildren(
    ...actionsFor(id, p.status, load, () => {
      location.href = '/dashboard/campaigns';
    }),
  );
}

async function load(): Promise<void> {
  const status = byId('r-status', HTMLSelectElement).value;
  const c = await api<CampaignDetails>('GET', `/campaigns/${id}${q({ page, pageSize: PAGE_SIZE, status })}`);
  byId('summary-title').textContent = `${c.name} (session ${c.sessionId})`;
  document.title = `${c.name} · wa-gateway`;
  showProgress(c);
  const table = byId('recipients');
  table
    .querySelector('tbody')
    ?.replaceChildren(
      ...c.recipients.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, String(r.position + 1)),
          h('td', {}, r.number),
          h('td', {}, r.name || ''),
          h('td', {}, badge(r.status)),
          h('td', {}, String(r.attempts)),
          h('td', {}, when(r.sentAt)),
          h('td', {}, r.lastError || ''),
        ),
      ),
    );
  table.hidden = c.recipients.length === 0;
  byId('recipients-empty').hidden = c.recipients.length > 0;
  byId('page-info').textContent = `Page ${c.pagination.page} of ${Math.max(1, c.pagination.totalPages)}`;
  byId('prev-page', HTMLButtonElement).disabled = page <= 1;
  byId('next-page', HTMLButtonElement).disabled = !c.pagination.hasMore;
  stop();
  stop = follow(id, c.status, (p) => {
    showProgress(p);
    // Once it has finished, the recipients table is read again to show the final states.
    if (isFinal(p.status)) void run(null, load);
  });
}

onSubmit(byId('recipients-filter', HTMLFormElement), async () => {
  page = 1;
  await load();
});
byId('prev-page').addEventListener('click', () =>
  run(null, async () => {
    page = Math.max(1, page - 1);
    await load();
  }),
);
byId('next-page').addEventListener('click', () =>
  run(null, async () => {
    page += 1;
    await load();
  }),
);
void run(null, load);

// The overview (the dashboard's home): sessions by status, message charts per minute over the last
// hour and per hour over the last day (uPlot, bundled here: no CDN), the day's totals and ratios,
// the webhook backlog and the running campaigns with their rate. Re-read every 15 seconds.
import uPlot from 'uplot';
import type { z } from 'zod';
import type { AnalyticsResponse, CampaignAnalyticsResponse } from '../../../../shared/src/api/analytics.js';
import { api } from './api.js';
import type { Session } from './api-types.js';
import { byId, main } from './dom.js';
import './frame.js';
import { badge, flash, h, progressBar } from './ui.js';

type Analytics = z.infer<typeof AnalyticsResponse>;
type Campaigns = z.infer<typeof CampaignAnalyticsResponse>;

const REFRESH_MS = 15_000;
/** What each chart draws, in this order and colour. */
const LINES = [
  { metric: 'sent', label: 'Sent', stroke: '#1a7f37' },
  { metric: 'received', label: 'Received', stroke: '#0969da' },
  { metric: 'failed', label: 'Failed', stroke: '#cf222e' },
] as const;

const charts = new Map<string, uPlot>();

/** The chart in `#<id>`: made on first use, given new data after. Its totals are kept as
 * data-* attributes of the container, so what it shows can be read without the canvas. */
function draw(id: string, answer: Analytics): void {
  const box = byId(id);
  const data: uPlot.AlignedData = [answer.buckets.map((at) => Date.parse(at) / 1000), ...LINES.map(({ metric }) => answer.series[metric])];
  for (const { metric } of LINES) box.dataset[metric] = String(answer.totals[metric]);
  const chart = charts.get(id);
  if (chart) {
    chart.setData(data);
    return;
  }
  const options: uPlot.Options = {
    width: Math.max(box.clientWidth, 300),
    height: 220,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1)] } },
    series: [{}, ...LINES.map(({ label, stroke }) => ({ label, stroke, width: 2, points: { show: false } }))],
    axes: [{}, { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10_000] }],
  };
  charts.set(id, new uPlot(options, data, box));
}

const percent = (ratio: number | null) => (ratio === null ? '–' : `${(ratio * 100).toFixed(1)} %`);
const setText = (id: string, value: string) => {
  byId(id).textContent = value;
};

/** Sessions by status: the caller's own (GET /sessions lists every session's status to a token). */
function showSessions(sessions: Session[]): void {
  const own = main().dataset.ownSession;
  const counts = new Map<string, number>();
  for (const s of sessions) if (!own || s.sessionId === own) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const box = byId('sessions-by-status');
  box.replaceChildren(
    ...(counts.size === 0
      ? [h('span', { class: 'empty' }, 'No sessions yet.')]
      : [...counts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, n]) => h('span', { class: 'stat', 'data-status': status }, badge(status), h('strong', {}, ` ${n}`)))),
  );
}

function showDay(day: Analytics): void {
  for (const metric of ['sent', 'delivered', 'read', 'failed', 'received'] as const) setText(`total-${metric}`, String(day.totals[metric]));
  setText('ratio-delivered', percent(day.ratios.delivered));
  setText('ratio-read', percent(day.ratios.read));
  setText('webhooks-pending', String(day.webhooks.pending));
  setText('webhooks-dead', String(day.webhooks.dead));
}

function showCampaigns({ campaigns }: Campaigns): void {
  const table = byId('running', HTMLTableElement);
  table.tBodies[0]!.replaceChildren(
    ...campaigns.map((c) => {
      const bar = progressBar(`Progress of ${c.name}`);
      bar.set({ total: c.recipients, sent: c.sent, failed: c.failed, pending: c.pending });
      return h(
        'tr',
        { 'data-campaign': c.id },
        h('td', {}, h('a', { href: `/dashboard/campaigns/${c.id}` }, c.name)),
        h('td', {}, c.sessionId),
        h('td', {}, bar.el, h('span', { class: 'muted' }, `${c.sent + c.failed} of ${c.recipients}`)),
        h('td', {}, String(c.recentPerMinute)),
        h('td', {}, percent(c.ratios.delivered)),
      );
    }),
  );
  table.hidden = campaigns.length === 0;
  byId('running-empty').hidden = campaigns.length > 0;
}

async function refresh(): Promise<void> {
  const [sessions, minute, hour, running] = await Promise.all([
    api<Session[]>('GET', '/sessions'),
    api<Analytics>('GET', '/analytics?granularity=minute'),
    api<Analytics>('GET', '/analytics?granularity=hour'),
    api<Campaigns>('GET', '/analytics/campaigns?status=running'),
  ]);
  showSessions(sessions);
  showDay(hour);
  draw('chart-minute', minute);
  draw('chart-hour', hour);
  showCampaigns(running);
  const updated = byId('updated');
  updated.textContent = new Date().toLocaleTimeString();
  updated.setAttribute('datetime', new Date().toISOString());
}

async function loop(): Promise<void> {
  try {
    await refresh();
  } catch (err) {
    flash(err instanceof Error ? err.message : String(err), 'error');
  }
  setTimeout(() => void loop(), REFRESH_MS);
}

void loop();

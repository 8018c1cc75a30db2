import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** One headline number; the page's script fills `#<id>`. */
const Stat = (props: { id: string; label: string }) => (
  <div class="stat">
    <span class="stat-label">{props.label}</span>
    <strong id={props.id} class="stat-value">
      –
    </strong>
  </div>
);

const Chart = (props: { id: string; title: string }) => (
  <section class="card" aria-labelledby={`${props.id}-title`}>
    <h2 id={`${props.id}-title`}>{props.title}</h2>
    <div id={props.id} class="chart" role="img" aria-label={props.title}></div>
  </section>
);

/** The dashboard's home: is everything fine? Sessions by status, messages per minute over the
 * last hour and per hour over the last day, the webhook backlog, running campaigns and their
 * rate. Everything comes from GET /sessions, /analytics and /analytics/campaigns, re-read every
 * 15 seconds; the charts are uPlot, bundled into overview.js. */
export function OverviewPage(props: { principal: Principal }) {
  return (
    <Layout title="Overview" principal={props.principal} active="overview" script="overview.js" styles={['uplot.css']}>
      <p class="muted">
        Updated <time id="updated">–</time>, every 15 seconds.
      </p>
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <div id="sessions-by-status" class="row" aria-live="polite"></div>
      </section>
      <section class="card" aria-labelledby="today-title">
        <h2 id="today-title">Last 24 hours</h2>
        <div class="stats">
          <Stat id="total-sent" label="Sent" />
          <Stat id="total-delivered" label="Delivered" />
          <Stat id="total-read" label="Read" />
          <Stat id="total-failed" label="Failed" />
          <Stat id="total-received" label="Received" />
          <Stat id="ratio-delivered" label="Delivered ÷ sent" />
          <Stat id="ratio-read" label="Read ÷ delivered" />
          <Stat id="webhooks-pending" label="Webhook backlog" />
          <Stat id="webhooks-dead" label="Dead webhook deliveries" />
        </div>
      </section>
      <Chart id="chart-minute" title="Messages per minute, last hour" />
      <Chart id="chart-hour" title="Messages per hour, last 24 hours" />
      <section class="card" aria-labelledby="running-title">
        <h2 id="running-title">Running campaigns</h2>
        <DataTable
          id="running"
          columns={['Campaign', 'Session', 'Progress', 'Rate (per minute, last 5 min)', 'Delivered ÷ sent']}
          empty="No campaign is running."
        />
      </section>
    </Layout>
  );
}

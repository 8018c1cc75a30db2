import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** `defaultCountry`: what a CSV the form imports is read in, so its preview shows the same numbers. */
export function CampaignsPage(props: { principal: Principal; defaultCountry: string | undefined }) {
  return (
    <Layout title="Campaigns" principal={props.principal} active="campaigns" script="campaigns.js" data={{ 'default-country': props.defaultCountry ?? '' }}>
      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">All campaigns</h2>
        <p id="campaigns-empty" class="empty" hidden>
          No campaigns yet. Create one below.
        </p>
        <div id="campaigns" class="stack" aria-live="polite"></div>
      </section>
      <section class="card" aria-labelledby="new-campaign-title">
        <h2 id="new-campaign-title">New campaign</h2>
        <form id="campaign-create" class="stack">
          <label for="c-name">Name</label>
          <input id="c-name" name="name" required maxlength={200} />
          <label for="c-session">Session</label>
          <select id="c-session" name="sessionId" required></select>
          <fieldset>
            <legend>Recipients</legend>
            <label class="inline">
              <input type="radio" name="source" value="list" checked /> A recipient list
            </label>
            <label class="inline">
              <input type="radio" name="source" value="csv" /> A CSV file
            </label>
            <label class="inline">
              <input type="radio" name="source" value="inline" /> Typed here
            </label>
          </fieldset>
          <label for="c-list" data-source="list">
            List
          </label>
          <select id="c-list" name="listId" data-source="list"></select>
          <label for="c-csv" data-source="csv" hidden>
            CSV file (header number,name,…)
          </label>
          <input id="c-csv" name="csv" type="file" accept=".csv,text/csv" data-source="csv" hidden />
          <label for="c-inline" data-source="inline" hidden>
            One recipient per line: number, name
          </label>
          <textarea id="c-inline" name="inline" rows={4} data-source="inline" hidden placeholder={'6281234567890, John Doe\n6289876543210, Jane'}></textarea>
          <label for="c-type">Message type</label>
          <select id="c-type" name="type">
            <option value="text">text</option>
            <option value="image">image</option>
            <option value="document">document</option>
          </select>
          <label for="c-content">
            Text (or caption); placeholders like {'{{Name}}'}, {'{{Company}}'}, {'{{JobTitle}}'}, {'{{Number}}'} or a custom field
          </label>
          <textarea id="c-content" name="content" rows={3} required></textarea>
          <label for="c-file" data-media hidden>
            File to send
          </label>
          <input id="c-file" name="file" type="file" data-media hidden />
          <label for="c-delay">Delay between messages (ms)</label>
          <input id="c-delay" name="delay" type="number" min={0} max={3600000} value="3000" />
          <label for="c-schedule">Schedule (optional, your local time)</label>
          <input id="c-schedule" name="scheduledAt" type="datetime-local" />
          <h3>Preview</h3>
          <div id="preview" class="preview" aria-live="polite">
            <p class="muted">Type a message to see it for the first recipients.</p>
          </div>
          <button type="submit">Create campaign</button>
        </form>
        <div id="csv-report" class="notice" hidden>
          <p id="csv-summary"></p>
          <ul id="csv-errors" class="errors"></ul>
        </div>
      </section>
    </Layout>
  );
}

export function CampaignPage(props: { principal: Principal; campaignId: string }) {
  return (
    <Layout title="Campaign" principal={props.principal} active="campaigns" script="campaign.js" data={{ 'campaign-id': props.campaignId }}>
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">…</h2>
        <div id="summary"></div>
        <div id="actions" class="row"></div>
      </section>
      <section aria-labelledby="recipients-title">
        <h2 id="recipients-title">Recipients</h2>
        <form id="recipients-filter" class="row">
          <label for="r-status">Status</label>
          <select id="r-status" name="status">
            <option value="">all</option>
            <option value="pending">pending</option>
            <option value="sending">sending</option>
            <option value="sent">sent</option>
            <option value="failed">failed</option>
          </select>
          <button type="submit">Filter</button>
        </form>
        <DataTable id="recipients" columns={['#', 'Number', 'Name', 'Status', 'Attempts', 'Sent at', 'Error']} empty="No recipients in this state." />
        <p class="row">
          <button type="button" id="prev-page">
            Previous page
          </button>
          <span id="page-info" class="muted"></span>
          <button type="button" id="next-page">
            Next page
          </button>
        </p>
      </section>
    </Layout>
  );
}

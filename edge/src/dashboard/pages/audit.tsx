import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** Admins only: who changed what, newest first, with filters and older pages. */
export function AuditPage(props: { principal: Principal }) {
  return (
    <Layout title="Audit log" principal={props.principal} active="audit" script="audit.js">
      <form id="audit-filter" class="row" role="search">
        <label for="filter-actor">Who</label>
        <input id="filter-actor" name="actor" placeholder="user:… or session:…" />
        <label for="filter-action">Action</label>
        <input id="filter-action" name="action" placeholder="session or auth.login" />
        <label for="filter-session">Session</label>
        <input id="filter-session" name="sessionId" />
        <label for="filter-since">Since</label>
        <input id="filter-since" name="since" type="datetime-local" />
        <label for="filter-until">Until</label>
        <input id="filter-until" name="until" type="datetime-local" />
        <button type="submit">Filter</button>
      </form>
      <DataTable id="audit" columns={['When', 'Who', 'Action', 'Target', 'Session', 'Status', 'Address', 'Detail']} empty="Nothing recorded matches." />
      <p class="row">
        <button type="button" id="audit-more" class="secondary" hidden>
          Older entries
        </button>
      </p>
    </Layout>
  );
}

import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

export function ListsPage(props: { principal: Principal }) {
  return (
    <Layout title="Recipient lists" principal={props.principal} active="lists" script="lists.js">
      <section class="card" aria-labelledby="new-list-title">
        <h2 id="new-list-title">New list</h2>
        <form id="list-create" class="stack">
          <label for="list-name">Name</label>
          <input id="list-name" name="name" required maxlength={200} />
          <label for="list-description">Description (optional)</label>
          <input id="list-description" name="description" maxlength={1000} />
          <label for="list-tags">Tags (comma separated)</label>
          <input id="list-tags" name="tags" placeholder="VIP, Jakarta" />
          <label for="list-csv">Recipients from a CSV file (optional; header number,name,jobTitle,companyName, other columns become custom fields)</label>
          <input id="list-csv" name="csv" type="file" accept=".csv,text/csv" />
          <button type="submit">Create list</button>
        </form>
        <div id="import-report" class="notice" hidden>
          <p id="import-summary"></p>
          <ul id="import-errors" class="errors"></ul>
        </div>
      </section>
      <section aria-labelledby="lists-title">
        <h2 id="lists-title">Lists</h2>
        <form id="list-filter" class="row" role="search">
          <label for="filter-search">Search</label>
          <input id="filter-search" name="search" type="search" />
          <label for="filter-tag">Tag</label>
          <input id="filter-tag" name="tag" />
          <button type="submit">Filter</button>
        </form>
        <DataTable id="lists" columns={['Name', 'Tags', 'Recipients', 'Updated', 'Actions']} empty="No recipient lists match." />
      </section>
      <section id="list-panel" class="card" aria-labelledby="panel-title" hidden>
        <h2 id="panel-title">List</h2>
        <form id="list-edit" class="stack">
          <label for="edit-name">Name</label>
          <input id="edit-name" name="name" required maxlength={200} />
          <label for="edit-description">Description</label>
          <input id="edit-description" name="description" maxlength={1000} />
          <label for="edit-tags">Tags (comma separated)</label>
          <input id="edit-tags" name="tags" />
          <button type="submit">Save changes</button>
        </form>
        <form id="list-import" class="row">
          <label for="import-file">Import CSV</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
          <label for="import-mode">Mode</label>
          <select id="import-mode" name="mode">
            <option value="append">append / update</option>
            <option value="replace">replace all</option>
          </select>
          <button type="submit">Import</button>
        </form>
        <p class="row">
          <a id="list-export" href="#" download>
            Export CSV
          </a>
          <button type="button" id="list-clone">
            Clone…
          </button>
          <button type="button" id="list-delete" class="danger">
            Delete…
          </button>
        </p>
        <h3>Recipients</h3>
        <DataTable id="members" columns={['Number', 'Name', 'Job title', 'Company', 'Custom fields']} empty="This list has no recipients yet: import a CSV." />
        <p id="members-more" class="muted" hidden></p>
      </section>
    </Layout>
  );
}

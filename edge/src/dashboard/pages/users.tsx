import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** Admins only: create accounts, give operators their sessions, hand out invite and reset links. */
export function UsersPage(props: { principal: Principal }) {
  return (
    <Layout title="Users" principal={props.principal} active="users" script="users.js">
      <section class="card" aria-labelledby="new-user-title">
        <h2 id="new-user-title">New user</h2>
        <form id="user-create" class="stack">
          <label for="user-name">User name</label>
          <input id="user-name" name="username" required pattern="[A-Za-z0-9._@\-]{1,64}" autocomplete="off" />
          <label for="user-role">Role</label>
          <select id="user-role" name="role">
            <option value="operator">operator: only the sessions ticked below</option>
            <option value="admin">admin: everything</option>
          </select>
          <fieldset id="user-sessions" class="stack">
            <legend>Sessions</legend>
          </fieldset>
          <button type="submit">Create user</button>
        </form>
      </section>
      <div id="link-box" class="notice" hidden>
        <p id="link-for"></p>
        <code id="link-url" class="secret"></code>
        <p class="row">
          <button type="button" id="copy-link">
            Copy link
          </button>
          <span class="muted" id="link-expires"></span>
        </p>
      </div>
      <section aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        <DataTable id="users" columns={['User', 'Role', 'State', 'Sessions', 'Actions']} empty="No users yet: create one above." />
      </section>
      <section id="user-panel" class="card" aria-labelledby="panel-title" hidden>
        <h2 id="panel-title">User</h2>
        <form id="user-edit" class="stack">
          <label for="edit-role">Role</label>
          <select id="edit-role" name="role">
            <option value="operator">operator</option>
            <option value="admin">admin</option>
          </select>
          <fieldset id="edit-sessions" class="stack">
            <legend>Sessions</legend>
          </fieldset>
          <button type="submit">Save user</button>
        </form>
      </section>
    </Layout>
  );
}

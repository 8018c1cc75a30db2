import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';

/** The API control center: every operation of /api/v1/openapi.json as a form that sends the real
 * request, with the signed-in principal's credential. */
export function ControlPage(props: { principal: Principal }) {
  return (
    <Layout title="API control center" principal={props.principal} active="api" script="control.js">
      <section class="card stack" aria-labelledby="auth-title">
        <h2 id="auth-title">Authorization</h2>
        <label for="auth-mode">Send requests as</label>
        <select id="auth-mode"></select>
        <label for="auth-token">Bearer token (prefilled for the signed-in session)</label>
        <input id="auth-token" type="password" autocomplete="off" />
        <p class="muted">
          “Dashboard cookie” sends no header: the API then acts with your sign-in's rights. The full document is at{' '}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      </section>
      <form id="op-filter" class="row" role="search">
        <label for="op-search">Find an endpoint</label>
        <input id="op-search" type="search" placeholder="e.g. campaigns" />
      </form>
      <div id="operations" class="stack"></div>
    </Layout>
  );
}

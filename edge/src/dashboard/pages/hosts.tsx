import type { Principal } from '../../auth/principal.js';
import { Layout } from '../layout.js';
import { DataTable } from './data-table.js';

/** Admins only: the session hosts with their load (GET /hosts), and Drain / Undrain for each. */
export function HostsPage(props: { principal: Principal }) {
  return (
    <Layout title="Session hosts" principal={props.principal} active="hosts" script="hosts.js">
      <p class="muted">
        Updated <time id="updated">–</time>, every 5 seconds. Draining a host hands its sessions to the other live hosts without a QR; it takes none until it is
        undrained.
      </p>
      <DataTable
        id="hosts"
        columns={['Host', 'State', 'Sessions', 'Last heartbeat', 'Event loop lag', 'Actions']}
        empty="No session host has heartbeated yet."
      />
    </Layout>
  );
}

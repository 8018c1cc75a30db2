// The session hosts page (admins): each host's state and load, re-read every 5 seconds, and Drain /
// Undrain after a confirmation.
import { api } from './api.js';
import type { Host, HostChanged, Hosts } from './api-types.js';
import { byId } from './dom.js';
import './frame.js';
import { flash, h, run, when } from './ui.js';

const REFRESH_MS = 5_000;

/** What an operator needs to know first: it stopped heartbeating, it is handing off, or it is fine. */
const stateOf = (host: Host) => (!host.live ? 'stale' : host.draining ? 'draining' : 'live');

/** A button that asks first, then calls the host's drain or undrain and shows the answer. */
function action(host: Host, verb: 'drain' | 'undrain'): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: verb === 'drain' ? 'danger' : 'secondary', 'aria-label': `${verb === 'drain' ? 'Drain' : 'Undrain'} ${host.hostId}` },
    verb === 'drain' ? 'Drain…' : 'Undrain…',
  );
  const question =
    verb === 'drain'
      ? `Drain ${host.hostId}? Its ${host.sessions} session${host.sessions === 1 ? '' : 's'} move to the other hosts, and it takes none until undrained.`
      : `Undrain ${host.hostId}? It takes new sessions again.`;
  button.addEventListener('click', () => {
    if (!confirm(question)) return;
    void run(button, async () => {
      flash((await api<HostChanged>('POST', `/hosts/${encodeURIComponent(host.hostId)}/${verb}`)).message);
      await refresh();
    });
  });
  return button;
}

async function refresh(): Promise<void> {
  const { hosts } = await api<Hosts>('GET', '/hosts');
  const table = byId('hosts');
  table.querySelector('tbody')?.replaceChildren(
    ...hosts.map((host) => {
      const state = stateOf(host);
      return h(
        'tr',
        { 'data-host': host.hostId, 'data-state': state, 'data-sessions': host.sessions },
        h('td', {}, h('strong', {}, host.hostId), h('div', { class: 'muted' }, host.url)),
        h('td', {}, h('span', { class: `badge ${state}` }, state)),
        h('td', { class: 'sessions' }, host.sessions),
        h('td', {}, when(host.lastHeartbeatAt)),
        h('td', {}, `${host.eventLoopLagMs} ms`),
        h('td', {}, action(host, host.draining ? 'undrain' : 'drain')),
      );
    }),
  );
  table.hidden = hosts.length === 0;
  byId('hosts-empty').hidden = hosts.length > 0;
  byId('updated').textContent = new Date().toLocaleTimeString();
}

const loop = async () => {
  await run(null, refresh);
  setTimeout(loop, REFRESH_MS);
};
void loop();

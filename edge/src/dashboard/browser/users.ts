// The users page (admins): create an account with its role and sessions, show its one-time invite
// link, change role and sessions, hand out a reset link, delete.
import type { z } from 'zod';
import type { User, UserResponse, UserWithLink } from '../../routes/users/schema.js';
import { api } from './api.js';
import type { Session, Success } from './api-types.js';
import { byId, choice, control } from './dom.js';
import './frame.js';
import { copy, flash, h, onSubmit, run, text } from './ui.js';

type UserItem = z.infer<typeof User>;
type Linked = z.infer<typeof UserWithLink>;

let sessionIds: string[] = [];
let editing: UserItem | null = null;

/** One checkbox per session in the fieldset, ticked where `chosen` has it. */
function sessionBoxes(fieldset: HTMLElement, prefix: string, chosen: string[]): void {
  const boxes = sessionIds.map((id) =>
    h(
      'label',
      { class: 'inline' },
      h('input', { type: 'checkbox', name: 'sessionIds', value: id, id: `${prefix}-${id}`, checked: chosen.includes(id) }),
      ` ${id}`,
    ),
  );
  fieldset.replaceChildren(fieldset.querySelector('legend') ?? '', ...(boxes.length ? boxes : [h('p', { class: 'muted' }, 'No sessions yet.')]));
}

const ticked = (data: FormData) => data.getAll('sessionIds').filter((v): v is string => typeof v === 'string');

function showLink(answer: Linked): void {
  byId('link-box').hidden = false;
  byId('link-for').textContent = `One-time link for ${answer.user.username}: send it to them yourself. It is shown only now.`;
  byId('link-url').textContent = answer.link.url;
  byId('link-expires').textContent = `Valid until ${new Date(answer.link.expiresAt).toLocaleString()}, once.`;
  flash(answer.message);
}

async function refresh(): Promise<void> {
  const users = await api<UserItem[]>('GET', '/users');
  const table = byId('users');
  table.querySelector('tbody')?.replaceChildren(
    ...users.map((u) => {
      const edit = h('button', { type: 'button', class: 'secondary' }, 'Edit');
      edit.addEventListener('click', () => openUser(u));
      const reset = h('button', { type: 'button', class: 'secondary' }, 'Reset link');
      reset.addEventListener('click', () => run(reset, async () => showLink(await api<Linked>('POST', `/users/${u.id}/reset-link`))));
      const remove = h('button', { type: 'button', class: 'danger' }, 'Delete…');
      remove.addEventListener('click', () => {
        if (!confirm(`Delete user ${u.username}? Their sign-in ends at once.`)) return;
        void run(remove, async () => {
          flash((await api<Success>('DELETE', `/users/${u.id}`)).message);
          await refresh();
        });
      });
      return h(
        'tr',
        { 'data-user': u.username },
        h('td', {}, h('strong', {}, u.username)),
        h('td', {}, u.role),
        h('td', {}, h('span', { class: `badge ${u.state === 'active' ? 'CONNECTED' : 'pending'}` }, u.state)),
        h('td', {}, u.role === 'admin' ? 'all' : u.sessionIds.join(', ') || '—'),
        h('td', {}, h('span', { class: 'row' }, edit, reset, remove)),
      );
    }),
  );
  table.hidden = users.length === 0;
  byId('users-empty').hidden = users.length > 0;
}

function openUser(user: UserItem): void {
  editing = user;
  byId('user-panel').hidden = false;
  byId('panel-title').textContent = `User: ${user.username}`;
  control(byId('user-edit', HTMLFormElement), 'role', HTMLSelectElement).value = user.role;
  sessionBoxes(byId('edit-sessions'), 'edit', user.sessionIds);
}

onSubmit(byId('user-create', HTMLFormElement), async (data) => {
  const answer = await api<Linked>('POST', '/users', { username: text(data, 'username'), role: text(data, 'role'), sessionIds: ticked(data) });
  byId('user-create', HTMLFormElement).reset();
  showLink(answer);
  await refresh();
});

onSubmit(byId('user-edit', HTMLFormElement), async (data) => {
  if (!editing) throw new Error('Choose a user first.');
  const form = byId('user-edit', HTMLFormElement);
  const answer = await api<z.infer<typeof UserResponse>>('PATCH', `/users/${editing.id}`, { role: choice(form, 'role'), sessionIds: ticked(data) });
  flash(answer.message);
  openUser(answer.user);
  await refresh();
});

byId('copy-link', HTMLButtonElement).addEventListener(
  'click',
  (event) => void copy(byId('link-url').textContent ?? '', event.currentTarget as HTMLButtonElement),
);

void run(null, async () => {
  sessionIds = (await api<Session[]>('GET', '/sessions')).map((s) => s.sessionId);
  sessionBoxes(byId('user-sessions'), 'new', []);
  await refresh();
});

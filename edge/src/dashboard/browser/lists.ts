// The recipient lists page: search and filter, create (optionally from a CSV), open a list to
// edit, import into, export, clone or delete it.
import { api, q } from './api.js';
import type { ImportResult, ListCreated, ListDetails, ListSummary, Success } from './api-types.js';
import { byId, control } from './dom.js';
import './frame.js';
import { flash, h, onSubmit, run, showImport, text, when } from './ui.js';

const IMPORT_REPORT = { summary: 'import-summary', errors: 'import-errors', box: 'import-report' };
const tags = (value: string) =>
  value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
let current: ListDetails | null = null;

function opened(): ListDetails {
  if (!current) throw new Error('Open a list first.');
  return current;
}

async function importCsv(listId: string, file: File, mode: string): Promise<ImportResult> {
  return api<ImportResult>('POST', `/recipient-lists/${listId}/import${q({ mode })}`, { raw: await file.text(), type: 'text/csv' });
}

async function refresh(): Promise<void> {
  const filter = byId('list-filter', HTMLFormElement);
  const search = control(filter, 'search', HTMLInputElement).value.trim();
  const tag = control(filter, 'tag', HTMLInputElement).value.trim();
  const lists = await api<ListSummary[]>('GET', `/recipient-lists${q({ search, tag })}`);
  const table = byId('lists');
  table.querySelector('tbody')?.replaceChildren(
    ...lists.map((l) => {
      const open = h('button', { type: 'button', class: 'secondary' }, 'Open');
      open.addEventListener('click', () => run(open, () => openList(l.id)));
      return h(
        'tr',
        {},
        h('td', {}, h('strong', {}, l.name), h('br'), h('span', { class: 'muted' }, l.description || '')),
        h('td', {}, l.tags.join(', ')),
        h('td', {}, String(l.recipientCount)),
        h('td', {}, when(l.updatedAt)),
        h('td', {}, open),
      );
    }),
  );
  table.hidden = lists.length === 0;
  byId('lists-empty').hidden = lists.length > 0;
}

async function openList(listId: string): Promise<void> {
  const list = await api<ListDetails>('GET', `/recipient-lists/${listId}${q({ pageSize: 100 })}`);
  current = list;
  const panel = byId('list-panel');
  panel.hidden = false;
  byId('panel-title').textContent = `List: ${list.name}`;
  const edit = byId('list-edit', HTMLFormElement);
  control(edit, 'name', HTMLInputElement).value = list.name;
  control(edit, 'description', HTMLInputElement).value = list.description || '';
  control(edit, 'tags', HTMLInputElement).value = list.tags.join(', ');
  byId('list-export', HTMLAnchorElement).href = `/api/v1/recipient-lists/${list.id}/export`;
  const table = byId('members');
  table.querySelector('tbody')?.replaceChildren(
    ...list.recipients.map((r) =>
      h(
        'tr',
        {},
        h('td', {}, r.number),
        h('td', {}, r.name || ''),
        h('td', {}, r.jobTitle || ''),
        h('td', {}, r.companyName || ''),
        h(
          'td',
          {},
          Object.entries(r.customFields)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; '),
        ),
      ),
    ),
  );
  table.hidden = list.recipients.length === 0;
  byId('members-empty').hidden = list.recipients.length > 0;
  const more = byId('members-more');
  more.hidden = !list.pagination.hasMore;
  more.textContent = `Showing the first ${list.recipients.length} of ${list.pagination.total}; export the CSV for all.`;
  panel.scrollIntoView({ block: 'start' });
}

const listFields = (data: FormData) => ({ name: text(data, 'name'), description: text(data, 'description') || null, tags: tags(text(data, 'tags')) });

onSubmit(byId('list-filter', HTMLFormElement), refresh);

onSubmit(byId('list-create', HTMLFormElement), async (data) => {
  const created = await api<ListCreated>('POST', '/recipient-lists', listFields(data));
  const file = data.get('csv');
  if (file instanceof File && file.size > 0) showImport(await importCsv(created.id, file, 'append'), IMPORT_REPORT);
  byId('list-create', HTMLFormElement).reset();
  flash(created.message);
  await refresh();
  await openList(created.id);
});

onSubmit(byId('list-edit', HTMLFormElement), async (data) => {
  const list = opened();
  const res = await api<Success>('PUT', `/recipient-lists/${list.id}`, listFields(data));
  flash(res.message);
  await refresh();
  await openList(list.id);
});

onSubmit(byId('list-import', HTMLFormElement), async (data) => {
  const list = opened();
  const file = data.get('file');
  if (!(file instanceof File)) throw new Error('Choose a CSV file.');
  showImport(await importCsv(list.id, file, text(data, 'mode')), IMPORT_REPORT);
  byId('import-report').scrollIntoView({ block: 'nearest' });
  byId('list-import', HTMLFormElement).reset();
  await refresh();
  await openList(list.id);
});

const cloneButton = byId('list-clone', HTMLButtonElement);
cloneButton.addEventListener('click', () => {
  const list = opened();
  const newName = prompt('Name of the copy', `${list.name} (copy)`);
  if (!newName) return;
  void run(cloneButton, async () => {
    const res = await api<ListCreated>('POST', `/recipient-lists/${list.id}/clone`, { newName });
    flash(res.message);
    await refresh();
    await openList(res.id);
  });
});

const deleteButton = byId('list-delete', HTMLButtonElement);
deleteButton.addEventListener('click', () => {
  const list = opened();
  if (!confirm(`Delete the list ${list.name}? This cannot be undone.`)) return;
  void run(deleteButton, async () => {
    const res = await api<Success>('DELETE', `/recipient-lists/${list.id}`);
    flash(res.message);
    byId('list-panel').hidden = true;
    current = null;
    await refresh();
  });
});

void run(null, refresh);

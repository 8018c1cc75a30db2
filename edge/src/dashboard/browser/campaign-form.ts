// The new-campaign form: recipients from a list, a CSV file (imported into a new list first) or
// typed in; text or media; a delay and an optional schedule; and a live preview.
import { api, q } from './api.js';
import type { CampaignCreated, ListCreated, ListDetails, ListSummary, ImportResult, Session, Upload } from './api-types.js';
import { csvPreview, PREVIEW_COUNT, previewNodes, typedRecipients } from './campaign-preview.js';
import type { Recipient } from '../../../../shared/src/campaigns/recipients.js';
import { byId, choice, chosenFile, control, main } from './dom.js';
import { flash, h, onSubmit, showImport, text } from './ui.js';

const PREVIEW_DEBOUNCE_MS = 300;

/** Wires the form; `onCreated` runs after each campaign it creates. */
export function wireCampaignForm(form: HTMLFormElement, onCreated: () => void): void {
  const own = main().dataset.ownSession;
  const listSelect = control(form, 'listId', HTMLSelectElement);
  const csvInput = control(form, 'csv', HTMLInputElement);
  const typed = control(form, 'inline', HTMLTextAreaElement);
  const content = control(form, 'content', HTMLTextAreaElement);
  const fileInput = control(form, 'file', HTMLInputElement);

  async function previewRecipients(): Promise<{ recipients: Recipient[]; note?: string }> {
    const source = choice(form, 'source');
    if (source === 'list' && listSelect.value) {
      return { recipients: (await api<ListDetails>('GET', `/recipient-lists/${listSelect.value}${q({ pageSize: PREVIEW_COUNT })}`)).recipients };
    }
    const csv = chosenFile(csvInput);
    if (source === 'csv' && csv) {
      const { recipients, badRows } = csvPreview(await csv.text(), main().dataset.defaultCountry);
      return { recipients, ...(badRows ? { note: `${badRows} row(s) of the file will be left out; the import names each one.` } : {}) };
    }
    if (source === 'inline') {
      const recipients = typedRecipients(typed.value).slice(0, PREVIEW_COUNT);
      return { recipients: recipients.map((r) => ({ ...r, jobTitle: null, companyName: null, customFields: {} })) };
    }
    return { recipients: [] };
  }

  async function preview(): Promise<void> {
    const box = byId('preview');
    const template = content.value;
    if (!template) return box.replaceChildren(h('p', { class: 'muted' }, 'Type a message to see it for the first recipients.'));
    let chosen: Awaited<ReturnType<typeof previewRecipients>>;
    try {
      chosen = await previewRecipients();
    } catch (err) {
      return box.replaceChildren(h('p', { class: 'errors' }, err instanceof Error ? err.message : String(err)));
    }
    // A file whose every row is left out says so, instead of asking for recipients.
    if (chosen.recipients.length === 0) return box.replaceChildren(h('p', { class: 'muted' }, chosen.note ?? 'Choose recipients to preview the message.'));
    box.replaceChildren(...previewNodes(template, chosen.recipients), ...(chosen.note ? [h('p', { class: 'muted' }, chosen.note)] : []));
  }

  function showSource(): void {
    const source = choice(form, 'source');
    for (const el of form.querySelectorAll<HTMLElement>('[data-source]')) el.hidden = el.dataset.source !== source;
    const media = choice(form, 'type') !== 'text';
    for (const el of form.querySelectorAll<HTMLElement>('[data-media]')) el.hidden = !media;
    fileInput.required = media;
    content.required = !media;
  }

  async function loadChoices(): Promise<void> {
    const sessions = own ? [{ sessionId: own }] : await api<Session[]>('GET', '/sessions');
    control(form, 'sessionId', HTMLSelectElement).replaceChildren(...sessions.map((s) => h('option', { value: s.sessionId }, s.sessionId)));
    const lists = await api<ListSummary[]>('GET', '/recipient-lists');
    listSelect.replaceChildren(
      h('option', { value: '' }, lists.length ? 'Choose a list' : 'No lists yet'),
      ...lists.map((l) => h('option', { value: l.id }, `${l.name} (${l.recipientCount})`)),
    );
  }

  /** The recipients part of the request; a CSV is imported into a new list first, its report shown. */
  async function recipientsPart(name: string): Promise<Record<string, unknown>> {
    const source = choice(form, 'source');
    if (source === 'list') {
      if (!listSelect.value) throw new Error('Choose a recipient list.');
      return { recipientListId: listSelect.value };
    }
    if (source === 'inline') return { recipients: typedRecipients(typed.value) };
    const file = chosenFile(csvInput);
    if (!file) throw new Error('Choose a CSV file.');
    const list = await api<ListCreated>('POST', '/recipient-lists', { name: `${name} (CSV ${file.name})`.slice(0, 200), tags: ['campaign-csv'] });
    const report = await api<ImportResult>('POST', `/recipient-lists/${list.id}/import`, { raw: await file.text(), type: 'text/csv' });
    showImport(report, { summary: 'csv-summary', errors: 'csv-errors', box: 'csv-report' });
    return { recipientListId: list.id };
  }

  async function messagePart(type: string, caption: string): Promise<Record<string, unknown>> {
    if (type === 'text') return { type: 'text', content: caption };
    const file = chosenFile(fileInput);
    if (!file) throw new Error('Choose the file to send.');
    const upload = new FormData();
    upload.append('file', file);
    const media = await api<Upload>('POST', '/media', upload);
    return { type, mediaId: media.mediaId, ...(caption ? { caption } : {}), ...(type === 'document' ? { filename: file.name } : {}) };
  }

  onSubmit(form, async (data) => {
    const name = text(data, 'name');
    const schedule = text(data, 'scheduledAt');
    const body = {
      name,
      sessionId: text(data, 'sessionId'),
      message: await messagePart(text(data, 'type'), text(data, 'content')),
      settings: { delayBetweenMessages: Number(text(data, 'delay') || 0), maxRetries: 3 },
      ...(schedule ? { scheduledAt: new Date(schedule).toISOString() } : {}),
      ...(await recipientsPart(name)),
    };
    const res = await api<CampaignCreated>('POST', '/campaigns', body);
    flash(res.message);
    form.reset();
    showSource();
    await preview();
    onCreated();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', () => {
    showSource();
    clearTimeout(timer);
    timer = setTimeout(() => void preview(), PREVIEW_DEBOUNCE_MS);
  });
  form.addEventListener('change', () => {
    showSource();
    void preview();
  });
  showSource();
  loadChoices().catch((err: unknown) => flash(err instanceof Error ? err.message : String(err), 'error'));
}

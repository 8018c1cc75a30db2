// The session page's AI replies card: GET /sessions/{id}/ai as a sentence and a few facts, and the
// settings form (PUT, an empty key field keeps the stored key; "Remove AI settings" is DELETE).
import { api } from './api.js';
import type { AiReplies, Success } from './api-types.js';
import { byId } from './dom.js';
import { flash, h, onSubmit, run, text, when } from './ui.js';

function bodyFrom(data: FormData): Record<string, unknown> {
  const key = text(data, 'apiKey');
  return {
    enabled: data.get('enabled') === 'on',
    baseUrl: text(data, 'baseUrl').trim(),
    model: text(data, 'model').trim(),
    systemPrompt: text(data, 'systemPrompt'),
    contextMessages: Number(text(data, 'contextMessages')),
    dailyCap: Number(text(data, 'dailyCap')),
    ...(key ? { apiKey: key } : {}),
  };
}

function fill(form: HTMLFormElement, ai: AiReplies): void {
  byId('ai-enabled', HTMLInputElement).checked = ai.enabled;
  if (!ai.configured) return;
  const set = (name: string, value: string) => {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.value = value;
  };
  set('baseUrl', ai.baseUrl ?? '');
  set('model', ai.model ?? '');
  set('systemPrompt', ai.systemPrompt);
  set('contextMessages', String(ai.contextMessages));
  set('dailyCap', String(ai.dailyCap));
  byId('ai-apiKey', HTMLInputElement).placeholder = ai.hasKey ? 'a key is stored' : 'none';
}

export function aiPanel(sessionId: string): { refresh(): Promise<void> } {
  const path = `/sessions/${encodeURIComponent(sessionId)}/ai`;
  const form = byId('ai-form', HTMLFormElement);
  const remove = byId('ai-remove', HTMLButtonElement);
  let filled = false;

  async function refresh(): Promise<void> {
    let ai: AiReplies;
    try {
      ai = await api<AiReplies>('GET', path);
    } catch (err) {
      byId('ai-state').textContent = err instanceof Error ? err.message : String(err);
      return;
    }
    byId('ai-state').textContent = !ai.configured
      ? 'Off: no AI endpoint is set up.'
      : ai.enabled
        ? `On: ${ai.model} answers contacts' texts in 1:1 chats, except chats a human took over.`
        : 'Set up, but switched off.';
    const facts = ai.configured
      ? [h('li', {}, `Replies today: ${ai.repliesToday} of ${ai.dailyCap}`), h('li', {}, `API key: ${ai.hasKey ? 'stored' : 'none'}`)]
      : [];
    if (ai.lastError) facts.push(h('li', {}, `Last error (${when(ai.lastError.at)}): ${ai.lastError.message}`));
    byId('ai-facts').replaceChildren(...facts);
    if (!filled) {
      fill(form, ai);
      filled = true;
    }
  }

  onSubmit(form, async (data) => {
    await api<AiReplies>('PUT', path, bodyFrom(data));
    byId('ai-apiKey', HTMLInputElement).value = '';
    flash('AI settings saved.');
    filled = false;
    await refresh();
  });
  remove.addEventListener('click', () => {
    if (!confirm('Remove the AI settings and key? The AI stops answering at once.')) return;
    void run(remove, async () => {
      const res = await api<Success>('DELETE', path);
      flash(res.message);
      filled = false;
      form.reset();
      await refresh();
    });
  });
  return { refresh };
}

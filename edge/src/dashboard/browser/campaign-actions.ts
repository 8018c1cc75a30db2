// What the campaigns list and a campaign's own page share: its action buttons and its live progress.
import { ACTION_FROM, type CampaignAction, isMoving } from '../../../../shared/src/campaigns/status.js';
import { api } from './api.js';
import type { CampaignProgress, Success } from './api-types.js';
import { flash, h, run } from './ui.js';

const LABELS: Record<CampaignAction, string> = { start: 'Start', pause: 'Pause', resume: 'Resume' };

/** The buttons a campaign in `status` offers; `after` runs once an action succeeded, `onDeleted`
 * (if given) instead of it after a delete. */
export function actionsFor(id: string, status: string, after: () => Promise<void>, onDeleted?: () => void): HTMLButtonElement[] {
  const buttons: HTMLButtonElement[] = [];
  for (const action of Object.keys(ACTION_FROM) as CampaignAction[]) {
    // A paused campaign offers Resume, not Start, though the API takes both.
    if (!(ACTION_FROM[action] as readonly string[]).includes(status) || (action === 'start' && status === 'paused')) continue;
    const button = h('button', { type: 'button', class: action === 'pause' ? 'secondary' : '' }, LABELS[action]);
    button.addEventListener('click', () =>
      run(button, async () => {
        const res = await api<Success>('POST', `/campaigns/${id}/${action}`);
        flash(res.message);
        await after();
      }),
    );
    buttons.push(button);
  }
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete…');
  remove.addEventListener('click', () => {
    if (!confirm(`Delete campaign ${id}? A running campaign is cancelled first; its data is removed.`)) return;
    void run(remove, async () => {
      const res = await api<Success>('DELETE', `/campaigns/${id}`);
      flash(res.message);
      if (onDeleted) onDeleted();
      else await after();
    });
  });
  buttons.push(remove);
  return buttons;
}

/** Follows a scheduled or running campaign's progress over Server-Sent Events until it finishes;
 * returns a stop function. Drafts and paused campaigns are not followed: a session may hold only a
 * few open streams, and those campaigns move only through an action that redraws the page. */
export function follow(id: string, status: string, onProgress: (progress: CampaignProgress) => void): () => void {
  if (!isMoving(status)) return () => undefined;
  const source = new EventSource(`/api/v1/campaigns/${id}/events`);
  const handle = (event: MessageEvent<string>) => onProgress(JSON.parse(event.data) as CampaignProgress);
  source.addEventListener('progress', handle);
  source.addEventListener('end', (event) => {
    handle(event);
    source.close();
  });
  source.addEventListener('deleted', () => source.close());
  return () => source.close();
}

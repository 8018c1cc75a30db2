import { describe, expect, it } from 'vitest';
import { renderCampaignMessage } from './render-message.js';
import { ACTION_FROM, isFinal, transitionRefusal } from './status.js';

const jane = { number: '6289876543210', name: 'Jane', jobTitle: null, companyName: 'Agency', customFields: { Tier: 'gold' } };

describe('renderCampaignMessage', () => {
  it('renders content, caption and filename; leaves link, mediaId and mimetype alone', () => {
    expect(renderCampaignMessage({ type: 'text', content: 'Hi {{Name}} ({{tier}})' }, jane)).toEqual({ type: 'text', content: 'Hi Jane (gold)' });
    expect(
      renderCampaignMessage(
        { type: 'document', link: 'https://x.example/{{Name}}.pdf', caption: 'For {{Company}}', filename: '{{Name}}.pdf', mimetype: 'application/pdf' },
        jane,
      ),
    ).toEqual({ type: 'document', link: 'https://x.example/{{Name}}.pdf', caption: 'For Agency', filename: 'Jane.pdf', mimetype: 'application/pdf' });
  });
});

describe('campaign status', () => {
  it('final statuses and allowed starting points', () => {
    expect(['completed', 'failed', 'cancelled'].every(isFinal)).toBe(true);
    expect(['draft', 'scheduled', 'running', 'paused'].some(isFinal)).toBe(false);
    expect(ACTION_FROM.start).toEqual(['draft', 'scheduled', 'paused']);
  });

  it('explains a refused transition', () => {
    expect(transitionRefusal('start', 'c1', 'running')).toBe('Campaign c1 is already running.');
    expect(transitionRefusal('resume', 'c1', 'draft')).toBe('Campaign c1 is draft; resume needs a campaign that is paused.');
    expect(transitionRefusal('pause', 'c1', 'cancelled')).toBe('Campaign c1 is cancelled and cannot pause: it has finished.');
  });
});

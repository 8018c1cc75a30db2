// kill -9 of the session host in the middle of a campaign: the host is a child process; after the
// kill another host process takes the session over and finishes the campaign. Every recipient must
// have been sent under exactly one WhatsApp id (a resend of the same id may show up as a duplicate
// stanza, which WhatsApp drops; two different ids would be two messages on the phone).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignRecipients } from '../../shared/src/db/schema.js';
import { startChildGateway, type ChildGateway } from '../../test-support/child-gateway.js';
import { act, createCampaign, idsPerRecipient, numbers, sleep, waitForCampaign } from './helpers.js';

let gw: ChildGateway;
let token: string;
const CONTACTS = numbers(6281800000000, 30);
/** Short leases, so a replacement host with a new id takes the session over in about 2 s. */
const LEASE_TTL_MS = '2000';
// The host comes back under its own id (a process manager restarting it): it resumes the sessions
// its leases name at once. A replacement with a new id waits for the leases to expire instead:
// CRASH_TEST_NEW_HOST_ID=1, and e2e/takeover.test.ts.
const REPLACEMENT_HOST_ID = process.env.CRASH_TEST_NEW_HOST_ID ? 'child-host-2' : 'child-host-1';

beforeAll(async () => {
  gw = await startChildGateway({ LEASE_TTL_MS });
  await gw.startHost({ hostId: 'child-host-1' });
  for (const n of CONTACTS) gw.sim.addContact(n);
  token = await gw.pairSession('crashy', '6280000000201', 'Crashy');
});
afterAll(async () => gw?.close());

describe('campaign across a kill -9 of the session host', () => {
  it('every recipient receives exactly one message id', async () => {
    const id = await createCampaign(gw, token, {
      name: 'Crash',
      sessionId: 'crashy',
      message: { type: 'text', content: 'Hello {{Name}}' },
      recipients: CONTACTS.map((number, i) => ({ number, name: `N${i}` })),
      settings: { delayBetweenMessages: 150, maxRetries: 2 },
    });
    expect((await act(gw, token, id, 'start')).status).toBe(200);
    await gw.sim.waitForSent(CONTACTS[9]!, { timeoutMs: 30_000 });
    await gw.killHost();
    const atKill = idsPerRecipient(gw.sim.sent(), (m) => CONTACTS.includes(m.to)).size;
    expect(atKill).toBeLessThan(CONTACTS.length);
    // One recipient at a time: the dead host left at most one in flight (usually exactly one).
    const inflight = await gw.db
      .select()
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.status, 'sending')));
    expect(inflight.length).toBeLessThanOrEqual(1);
    await sleep(200);
    await gw.startHost({ hostId: REPLACEMENT_HOST_ID });

    const done = await waitForCampaign(gw, token, id, (c) => c.status === 'completed', 60_000);
    expect(done.statistics).toEqual({ total: 30, sent: 30, failed: 0, pending: 0 });
    const byTo = idsPerRecipient(gw.sim.sent(), (m) => CONTACTS.includes(m.to));
    expect(byTo.size).toBe(30);
    for (const recipient of done.recipients) {
      const ids = [...(byTo.get(recipient.number) ?? [])];
      expect(ids, recipient.number).toEqual([recipient.messageId]);
    }
    for (const [i, n] of CONTACTS.entries()) expect(gw.sim.sent(n).every((m) => m.text === `Hello N${i}`)).toBe(true);
  });
});

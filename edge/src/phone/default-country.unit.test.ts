// Every number the API takes is stored as E.164 digits: national-format numbers are read in the
// session's default country, else DEFAULT_COUNTRY, and refused (naming the field, index or line)
// without one; international numbers and JIDs are kept as they were.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignRecipients, messages, recipientListMembers, sessions } from '../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../test-support/unit-edge.js';

let edge: UnitEdge;
let withDefault: UnitEdge;
beforeAll(async () => {
  [edge, withDefault] = await Promise.all([startUnitEdge(), startUnitEdge({ bindings: { DEFAULT_COUNTRY: 'id' } })]);
});
afterAll(async () => Promise.all([edge?.close(), withDefault?.close()]));

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const master = (stack: UnitEdge) => ({ 'x-master-key': stack.masterKey });
const text = (to: string, recipientType = 'individual') => ({ recipient_type: recipientType, to, type: 'text', text: { body: 'hi' } });

async function connectedSession(stack: UnitEdge, sessionId: string, defaultCountry?: string): Promise<string> {
  const res = await stack.json('POST', '/api/v1/sessions', { body: { sessionId, ...(defaultCountry ? { defaultCountry } : {}) }, headers: master(stack) });
  expect(res.status).toBe(201);
  await stack.db.update(sessions).set({ status: 'CONNECTED' }).where(eq(sessions.id, sessionId));
  return res.body.token as string;
}
const sentTo = async (stack: UnitEdge, sessionId: string) =>
  (await stack.db.select({ remoteJid: messages.remoteJid }).from(messages).where(eq(messages.sessionId, sessionId))).map((row) => row.remoteJid).sort();

describe('POST /messages', () => {
  it('without a default country refuses a national-format number at its index, and sends international numbers and JIDs as before', async () => {
    const token = await connectedSession(edge, 'pn-none');
    const res = await edge.json('POST', '/api/v1/messages?sessionId=pn-none', {
      body: [
        text('0812-3456-7890'),
        text('+62 812-3456-7890'),
        text('6289876543210'),
        text('6281111111111@s.whatsapp.net'),
        text('120363041234567890@g.us', 'group'),
        text('62123'),
      ],
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ status: 'error', index: 0, message: expect.stringMatching(/^to "0812-3456-7890" is in national format \(leading 0\)/) });
    expect(res.body.slice(1, 5).map((r: any) => [r.status, r.to])).toEqual([
      ['success', '6281234567890'],
      ['success', '6289876543210'],
      ['success', '6281111111111@s.whatsapp.net'],
      ['success', '120363041234567890@g.us'],
    ]);
    expect(res.body[5]).toEqual({ status: 'error', index: 5, message: 'to "62123" is too short for ID (+62)' });
    expect(await sentTo(edge, 'pn-none')).toEqual([
      '120363041234567890@g.us',
      '6281111111111@s.whatsapp.net',
      '6281234567890@s.whatsapp.net',
      '6289876543210@s.whatsapp.net',
    ]);
  });

  it("reads national numbers in the session's country (set by PATCH), which wins over DEFAULT_COUNTRY", async () => {
    const token = await connectedSession(withDefault, 'pn-patched');
    const first = await withDefault.json('POST', '/api/v1/messages?sessionId=pn-patched', { body: text('0812-3456-7890'), headers: bearer(token) });
    expect(first.body).toMatchObject([{ status: 'success', to: '6281234567890', message: 'Message sent to 6281234567890' }]);

    const patched = await withDefault.json('PATCH', '/api/v1/sessions/pn-patched', { body: { defaultCountry: 'de' }, headers: bearer(token) });
    expect(patched).toEqual({
      status: 200,
      body: { status: 'success', message: 'Session pn-patched reads national numbers as DE.', sessionId: 'pn-patched', defaultCountry: 'DE', proxy: null },
    });
    const second = await withDefault.json('POST', '/api/v1/messages?sessionId=pn-patched', { body: text('0151 12345678'), headers: master(withDefault) });
    expect(second.body).toMatchObject([{ status: 'success', to: '4915112345678' }]);
    expect(await sentTo(withDefault, 'pn-patched')).toEqual(['4915112345678@s.whatsapp.net', '6281234567890@s.whatsapp.net']);
  });

  it('the legacy endpoints normalise too, and refuse a national number without a country naming their field', async () => {
    const token = await connectedSession(edge, 'pn-legacy');
    const refused = await edge.json('POST', '/api/send-message', {
      body: { sessionId: 'pn-legacy', number: '081234567890', message: 'x' },
      headers: bearer(token),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^number "081234567890" is in national format/);
    await edge.json('PATCH', '/api/v1/sessions/pn-legacy', { body: { defaultCountry: 'ID' }, headers: bearer(token) });
    const sent = await edge.json('POST', '/api/send-message', {
      body: { sessionId: 'pn-legacy', number: '081234567890', message: 'x' },
      headers: bearer(token),
    });
    expect(sent.body).toMatchObject({ status: 'success', to: '6281234567890' });
    expect(await sentTo(edge, 'pn-legacy')).toEqual(['6281234567890@s.whatsapp.net']);
  });
});

describe('sessions: defaultCountry', () => {
  it('is set at creation, shown to who sees the detail, changed and cleared by PATCH', async () => {
    const token = await connectedSession(edge, 'pn-shown', 'id');
    const shown = async (headers: Record<string, string>) =>
      (await edge.json('GET', '/api/v1/sessions', { headers })).body.find((s: any) => s.sessionId === 'pn-shown');
    expect(await shown({})).toEqual({ sessionId: 'pn-shown', status: 'CONNECTED' });
    expect(await shown(bearer(token))).toMatchObject({ defaultCountry: 'ID' });
    expect(await shown(master(edge))).toMatchObject({ defaultCountry: 'ID' });
    const cleared = await edge.json('PATCH', '/api/v1/sessions/pn-shown', { body: { defaultCountry: null }, headers: master(edge) });
    expect(cleared.body).toMatchObject({ defaultCountry: null, message: "Session pn-shown uses the gateway's default country." });
    expect(await shown(bearer(token))).toMatchObject({ defaultCountry: null });
  });

  it('refuses what is not a country code, another session, an unknown session and no credentials', async () => {
    const token = await connectedSession(edge, 'pn-guard');
    const other = await connectedSession(edge, 'pn-guard-other');
    const bad = await edge.json('PATCH', '/api/v1/sessions/pn-guard', { body: { defaultCountry: 'Indonesia' }, headers: bearer(token) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('defaultCountry must be an ISO 3166 alpha-2 country code such as ID, DE or US');
    expect((await edge.json('PATCH', '/api/v1/sessions/pn-guard', { body: {}, headers: bearer(token) })).body.message).toContain('defaultCountry is required');
    expect((await edge.json('PATCH', '/api/v1/sessions/pn-guard', { body: { defaultCountry: 'ID' }, headers: bearer(other) })).status).toBe(403);
    expect((await edge.json('PATCH', '/api/v1/sessions/pn-nobody', { body: { defaultCountry: 'ID' }, headers: master(edge) })).status).toBe(404);
    expect((await edge.json('PATCH', '/api/v1/sessions/pn-guard', { body: { defaultCountry: 'ID' } })).status).toBe(401);
    const create = await edge.json('POST', '/api/v1/sessions', { body: { sessionId: 'pn-bad-create', defaultCountry: 'XX' }, headers: master(edge) });
    expect(create.status).toBe(400);
    expect(create.body.details).toEqual([{ path: 'defaultCountry', message: expect.stringContaining('ISO 3166') }]);
    const [row] = await edge.db.select({ defaultCountry: sessions.defaultCountry }).from(sessions).where(eq(sessions.id, 'pn-guard'));
    expect(row).toEqual({ defaultCountry: null });
  });
});

describe('recipient lists and campaigns', () => {
  const listNumbers = async (stack: UnitEdge, listId: string) =>
    (
      await stack.db
        .select({ number: recipientListMembers.number })
        .from(recipientListMembers)
        .where(eq(recipientListMembers.listId, listId))
        .orderBy(recipientListMembers.position)
    ).map((r) => r.number);

  it('a list of the master key uses DEFAULT_COUNTRY; without one a national number is a 400 naming its index, and nothing is stored', async () => {
    const recipients = [{ number: '6289876543210' }, { number: '0812-3456-7890', name: 'Budi' }, { number: '0813 1111 2222' }];
    const refused = await edge.json('POST', '/api/v1/recipient-lists', { body: { name: 'pn refused', recipients }, headers: master(edge) });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^recipients\.1\.number: number "0812-3456-7890" is in national format .* \(and 1 more bad number\(s\)\)$/);
    expect(refused.body.details.map((d: any) => d.path)).toEqual(['recipients.1.number', 'recipients.2.number']);

    const created = await withDefault.json('POST', '/api/v1/recipient-lists', { body: { name: 'pn ok', recipients }, headers: master(withDefault) });
    expect(created.status).toBe(201);
    expect(await listNumbers(withDefault, created.body.id)).toEqual(['6289876543210', '6281234567890', '6281311112222']);
  });

  it("a session's list, its PUT and its CSV import read national numbers in the session's country; bad CSV rows keep their line", async () => {
    const token = await connectedSession(edge, 'pn-lists', 'ID');
    const created = await edge.json('POST', '/api/v1/recipient-lists', {
      body: { name: 'pn list', recipients: [{ number: '0812-3456-7890' }] },
      headers: bearer(token),
    });
    expect(await listNumbers(edge, created.body.id)).toEqual(['6281234567890']);
    const put = await edge.json('PUT', `/api/v1/recipient-lists/${created.body.id}`, {
      body: { recipients: [{ number: '(021) 555-1234' }, { number: 123 }] },
      headers: bearer(token),
    });
    expect(put.status).toBe(400);
    expect(put.body.details).toEqual([
      {
        path: 'recipients.1.number',
        message: 'number "123" is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like',
      },
    ]);
    await edge.json('PUT', `/api/v1/recipient-lists/${created.body.id}`, { body: { recipients: [{ number: '(021) 555-1234' }] }, headers: bearer(token) });
    expect(await listNumbers(edge, created.body.id)).toEqual(['62215551234']);

    const res = await edge.fetch(`/api/v1/recipient-lists/${created.body.id}/import`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      body: 'number,name\n0812-9999-0000,A\n0812 345,B\n+49 151 12345678,C\n',
    });
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ imported: 2, errors: [{ line: 3, message: 'number "0812 345" is not a valid number for ID' }] });
    expect(await listNumbers(edge, created.body.id)).toEqual(['62215551234', '6281299990000', '4915112345678']);
  });

  it("a campaign's inline recipients are read in its session's country", async () => {
    const token = await connectedSession(edge, 'pn-campaign', 'ID');
    const res = await edge.json('POST', '/api/v1/campaigns', {
      body: {
        name: 'pn',
        sessionId: 'pn-campaign',
        message: { type: 'text', content: 'Hi {{Name}}' },
        recipients: [{ number: '0812-3456-7890', name: 'Budi' }, { number: '6281234567890' }],
      },
      headers: bearer(token),
    });
    expect(res.status).toBe(201);
    const rows = await edge.db
      .select({ number: campaignRecipients.number, name: campaignRecipients.name })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, res.body.id));
    expect(rows).toEqual([{ number: '6281234567890', name: 'Budi' }]);
  });
});

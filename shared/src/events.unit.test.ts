// The envelope a receiver gets is the same text whether the caller passes its data's JSON along
// (incoming messages reuse the stored payload) or lets eventStatements serialise it.
import { describe, expect, it } from 'vitest';
import { eventStatements } from './events.js';

const body = (statements: ReturnType<typeof eventStatements>) => String(statements[0].args[3]);

describe('eventStatements', () => {
  it('builds the same envelope from dataJson as from data', () => {
    const data = { id: 'ABC', from: '628111@s.whatsapp.net', text: 'hé "quoted" \\ \u2028 line', nested: { n: 1, list: [true, null] } };
    const now = Date.UTC(2026, 11, 7, 23, 0, 0, 123);
    const given = eventStatements('s-1', 'message.received', data, now, { onlyIfChanged: true, dataJson: JSON.stringify(data) });
    const id = given[1].args[0];
    expect(body(given)).toBe(JSON.stringify({ id, event: 'message.received', sessionId: 's-1', data, timestamp: '2026-12-07T23:00:00.123Z' }));
    const serialised = eventStatements('s-1', 'message.received', data, now, { onlyIfChanged: true });
    expect(body(serialised).replace(String(serialised[1].args[0]), String(id))).toBe(body(given));
  });
});

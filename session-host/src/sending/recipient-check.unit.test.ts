import { describe, expect, it } from 'vitest';
import { RecipientCheck } from './recipient-check.js';

/** A socket whose number check answers from a script, counting the questions. */
function socket(answers: Array<Array<{ jid: string; exists: boolean }> | undefined>) {
  const asked: string[] = [];
  return {
    asked,
    onWhatsApp: async (...jids: string[]) => {
      asked.push(jids.join(','));
      return answers.shift();
    },
  };
}
const JID = '6281234567890@s.whatsapp.net';

describe('RecipientCheck', () => {
  it('asks once and remembers the answer for an hour, both yes and no', async () => {
    let now = 0;
    const check = new RecipientCheck(() => now);
    const sock = socket([[], [{ jid: JID, exists: true }]]);
    expect(await check.exists(sock, JID)).toBe(false);
    now = 59 * 60_000;
    expect(await check.exists(sock, JID)).toBe(false);
    now = 60 * 60_000;
    expect(await check.exists(sock, JID)).toBe(true);
    expect(sock.asked).toEqual([JID, JID]);
  });

  it('no answer (a timed-out query) is an error to retry, never "not on WhatsApp", and is not remembered', async () => {
    const check = new RecipientCheck();
    const sock = socket([undefined, undefined, [{ jid: JID, exists: true }]]);
    await expect(check.exists(sock, JID)).rejects.toThrow('WhatsApp did not answer whether 6281234567890 is on WhatsApp');
    await expect(check.exists(sock, JID)).rejects.toThrow('did not answer');
    expect(await check.exists(sock, JID)).toBe(true);
  });

  it('groups and LIDs are not checked', async () => {
    const sock = socket([]);
    expect(await new RecipientCheck().exists(sock, '120363000000000000@g.us')).toBe(true);
    expect(await new RecipientCheck().exists(sock, '12345@lid')).toBe(true);
    expect(sock.asked).toEqual([]);
  });

  it('checkMany asks about all unknown numbers in one query, remembers yes and no, and answers those on WhatsApp', async () => {
    const check = new RecipientCheck();
    const [a, b, c] = ['6281234567801', '6281234567802', '6281234567803'].map((n) => `${n}@s.whatsapp.net`) as [string, string, string];
    const sock = socket([
      [
        { jid: a, exists: true },
        { jid: c, exists: true },
      ],
    ]);
    expect(await check.checkMany(sock, [a, b, c, a, '120363000000000000@g.us'])).toEqual([a, c]);
    expect(sock.asked).toEqual([`${a},${b},${c}`]);
    expect(await check.exists(sock, b)).toBe(false);
    expect(await check.checkMany(sock, [a, b])).toEqual([a]);
    expect(sock.asked).toHaveLength(1);
  });

  it('checkMany without an answer remembers nothing: each send asks again', async () => {
    const check = new RecipientCheck();
    const sock = socket([undefined, [{ jid: JID, exists: true }]]);
    expect(await check.checkMany(sock, [JID, '6281234567899@s.whatsapp.net'])).toEqual([]);
    expect(await check.exists(sock, JID)).toBe(true);
    expect(sock.asked).toHaveLength(2);
  });

  it('forgets answers older than an hour as new numbers come in: a session writing to new numbers for days holds only the last hour', async () => {
    let now = 0;
    const check = new RecipientCheck(() => now);
    const number = (i: number) => `62812${String(i).padStart(8, '0')}@s.whatsapp.net`;
    const sock = { onWhatsApp: async (...jids: string[]) => jids.map((jid) => ({ jid, exists: true })) };
    // One new number a minute for two days, in single checks and in batches.
    for (let minute = 0; minute < 2 * 24 * 60; minute++) {
      now = minute * 60_000;
      if (minute % 2) await check.exists(sock, number(minute));
      else await check.checkMany(sock, [number(minute)]);
    }
    expect(check.rememberedCount).toBe(60);
    expect(await check.exists({ onWhatsApp: async () => [] }, number(2 * 24 * 60 - 1))).toBe(true);
  });

  it('holds at most 10,000 numbers even when more are asked about within the hour', async () => {
    const check = new RecipientCheck(() => 0);
    const jids = Array.from({ length: 12_000 }, (_, i) => `62813${String(i).padStart(8, '0')}@s.whatsapp.net`);
    await check.checkMany({ onWhatsApp: async (...asked: string[]) => asked.map((jid) => ({ jid, exists: true })) }, jids);
    expect(check.rememberedCount).toBe(10_000);
  });
});

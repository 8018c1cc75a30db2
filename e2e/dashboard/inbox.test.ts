// The inbox in Chromium, signed in as an operator of the session: a simulated contact writes, the
// chat appears and updates without a reload (the session's event stream), the operator replies and
// the contact decrypts the reply; the chat is read. Contact text stays text (no markup runs). A
// group shows its subject; a reply typed on the phone shows as the account's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser, type SignedInUser } from '../../test-support/dashboard-users.js';
import { MP4, OGG_OPUS, PDF, WEBP, pngImage } from '../../test-support/fixtures.js';
import { WAIT, pairSession, screenshot, signInAsUser, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let operator: SignedInUser;
const ANI = '6281344440001';
const CHAT = `${ANI}@s.whatsapp.net`;
const BAYU = '6281344440002';

beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(ANI, { name: 'Ani' });
  rig.sim.addContact(BAYU, { name: 'Bayu' });
  await pairSession(rig, 'shop', '6280000000401', 'Toko Ani');
  await rig.stack.createSession('other-shop');
  operator = await createSignedInUser((path, init) => fetch(new URL(path, rig.base), init), {
    masterKey: rig.stack.masterKey,
    origin: rig.base,
    username: 'rina',
    sessionIds: ['shop'],
  });
}, 120_000);
afterAll(async () => rig?.close());

describe('inbox page', () => {
  it('shows a new chat live, opens it, replies (the contact decrypts it) and reads it', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto('/dashboard/sessions/shop/inbox');
    await expect.poll(() => page.locator('#live').textContent(), WAIT).toBe('live');
    expect(await page.locator('#chats-empty').isVisible()).toBe(true);
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const chat = page.locator(`[data-chat="${CHAT}"]`);
    await rig.sim.sendFrom(ANI, { text: 'Halo, masih buka?' });
    await expect.poll(() => chat.locator('.unread').textContent(), WAIT).toBe('1');
    expect(await chat.locator('.chat-preview').textContent()).toBe('Halo, masih buka?');
    await rig.sim.sendFrom(ANI, { image: { bytes: pngImage(160, 120), mimetype: 'image/png', caption: 'yang ini' } });
    await expect.poll(() => chat.locator('.unread').textContent(), WAIT).toBe('2');
    // The push name is stored by the identity writes, which may land after the first message's row.
    await expect.poll(() => chat.locator('.chat-name').textContent(), WAIT).toBe('Ani');
    expect(await chat.locator('.chat-preview').textContent()).toBe('🖼 Photo: yang ini');

    await chat.click();
    const bubbles = page.locator('#bubbles');
    await expect.poll(() => bubbles.locator('.bubble.in').count(), WAIT).toBe(2);
    expect(await bubbles.locator('.bubble.in.text .text').textContent()).toBe('Halo, masih buka?');
    // The thumbnail is the stored copy, loaded from the gateway's media route.
    const thumb = bubbles.locator('.bubble.in.image img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), WAIT).toBeGreaterThan(0);
    expect(await thumb.getAttribute('src')).toMatch(/^\/api\/v1\/media\/[0-9a-f-]{36}\.png$/);

    // More while the chat is open: the conversation grows without a reload; markup stays text.
    const hostile = '<img src=x onerror="window.pwned=1">';
    await rig.sim.sendFrom(ANI, { location: { latitude: -6.2, longitude: 106.8, name: 'Toko Ani' } });
    const lastIn = await rig.sim.sendFrom(ANI, { text: hostile });
    await expect.poll(() => bubbles.locator('.bubble.in').count(), WAIT).toBe(4);
    expect(await bubbles.locator('.bubble.in.location').textContent()).toContain('📍 Toko Ani');
    expect(await bubbles.locator('.bubble.in.text .text').last().textContent()).toBe(hostile);
    expect(await chat.locator('.unread').textContent()).toBe('4');

    await page.getByLabel('Reply').fill('Masih, sampai jam 9 malam');
    await page.getByRole('button', { name: 'Send' }).click();
    const [reply] = await rig.sim.waitForSent(ANI);
    expect(reply).toMatchObject({ text: 'Masih, sampai jam 9 malam' });
    // Answering read the chat: the contact sees its latest message read, the badge is gone.
    await rig.sim.waitForReadReceipt(ANI, lastIn);
    await expect.poll(() => chat.locator('.unread').count(), WAIT).toBe(0);
    const sent = bubbles.locator(`.bubble.out[data-id="${reply!.id}"]`);
    await expect.poll(() => sent.locator('.meta').textContent(), WAIT).toMatch(/· (sent|delivered|read)$/);
    expect(await chat.locator('.chat-preview').textContent()).toBe('You: Masih, sampai jam 9 malam');

    expect(await page.evaluate(() => ({ same: (window as { sameDocument?: boolean }).sameDocument, pwned: (window as { pwned?: number }).pwned }))).toEqual({
      same: true,
      pwned: undefined,
    });
    await screenshot(page, 'inbox');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws every kind a contact sends as its own bubble: media from the stored copies, cards, polls, reactions, quotes', async () => {
    const first = await rig.sim.sendFrom(BAYU, { text: 'Katalog?' });
    await rig.sim.sendFrom(BAYU, { document: { bytes: PDF, fileName: 'katalog.pdf', mimetype: 'application/pdf' } });
    await rig.sim.sendFrom(BAYU, { video: { bytes: MP4, caption: 'klip' } });
    await rig.sim.sendFrom(BAYU, { audio: { bytes: OGG_OPUS, ptt: true } });
    await rig.sim.sendFrom(BAYU, { sticker: { bytes: WEBP } });
    await rig.sim.sendFrom(BAYU, { contacts: [{ vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Citra\nTEL;type=CELL:+62 812 0000 0003\nEND:VCARD' }] });
    await rig.sim.sendFrom(BAYU, { poll: { question: 'Kapan ambil?', options: ['Pagi', 'Sore'] } });
    await rig.sim.sendFrom(BAYU, { reaction: { to: { id: first, fromMe: true }, emoji: '👍' } });
    await rig.sim.sendFrom(BAYU, { reply: { to: { id: first, fromMe: true }, content: { text: 'yang tadi' } } });

    const { page, context, errors } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto(`/dashboard/sessions/shop/inbox#chat=${BAYU}@s.whatsapp.net`);
    const bubbles = page.locator('#bubbles');
    await expect.poll(() => bubbles.locator('.bubble.in').count(), WAIT).toBe(9);
    expect(await bubbles.locator('.bubble.document a.file').textContent()).toBe('📄 katalog.pdf (application/pdf)');
    expect(await bubbles.locator('.bubble.document a.file').getAttribute('download')).toBe('katalog.pdf');
    expect(await bubbles.locator('.bubble.video video').getAttribute('src')).toMatch(/^\/api\/v1\/media\/[0-9a-f-]{36}\.mp4$/);
    expect(await bubbles.locator('.bubble.video .text').textContent()).toBe('klip');
    expect(await bubbles.locator('.bubble.audio').textContent()).toContain('🎤');
    expect(await bubbles.locator('.bubble.audio audio').getAttribute('src')).toMatch(/^\/api\/v1\/media\//);
    expect(await bubbles.locator('.bubble.sticker img').getAttribute('src')).toMatch(/\.webp$/);
    expect(await bubbles.locator('.bubble.contacts').textContent()).toContain('👤 Citra +62 812 0000 0003');
    expect(await bubbles.locator('.bubble.poll li').allTextContents()).toEqual(['Pagi', 'Sore']);
    expect(await bubbles.locator('.bubble.reaction').textContent()).toContain('Reacted 👍');
    // The quote of a reply shows the quoted message when it is loaded.
    expect(await bubbles.locator('.bubble.text blockquote').textContent()).toBe('Katalog?');
    expect(await page.locator('#conversation-title').textContent()).toBe('Bayu');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("names a group chat by its subject, and shows a reply typed on the phone live as the account's", async () => {
    const cita = rig.sim.addContact('6281344440003', { name: 'Cita' });
    const group = rig.sim.createGroup('Pelanggan setia', { owner: cita.phone, members: ['6280000000401'] }).id;
    await rig.sim.sendFrom(cita.phone, { text: 'Halo grup' }, { group });
    // The subject is asked from WhatsApp after the group's first message is stored: the page shows
    // it from the next time it reads the chats.
    const master = { 'x-master-key': rig.stack.masterKey };
    const subjectOf = async () =>
      (await rig.stack.json('GET', '/api/v1/sessions/shop/chats', { headers: master })).body.chats.find((c: { chatId: string }) => c.chatId === group)?.name;
    await expect.poll(subjectOf, WAIT).toBe('Pelanggan setia');
    const { page, context, errors } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto('/dashboard/sessions/shop/inbox');
    await expect.poll(() => page.locator(`[data-chat="${group}"] .chat-name`).textContent(), WAIT).toBe('Pelanggan setia');
    await expect.poll(() => page.locator('#live').textContent(), WAIT).toBe('live');

    const chat = page.locator(`[data-chat="${cita.jid}"]`);
    const typed = await rig.sim.sendFromPhone(cita.phone, { text: 'Dibalas dari HP' }, { account: '6280000000401' });
    await expect.poll(() => chat.locator('.chat-preview').textContent(), WAIT).toBe('You: Dibalas dari HP');
    await chat.click();
    await expect.poll(() => page.locator(`#bubbles .bubble.out[data-id="${typed}"] .text`).textContent(), WAIT).toBe('Dibalas dari HP');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an operator opening another session's inbox sees the API's refusal, and no chats", async () => {
    const { page, context } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto('/dashboard/sessions/other-shop/inbox');
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('other-shop');
    expect(await page.locator('#chats li').count()).toBe(0);
    await context.close();
  });
});

// The message schemas alone: what POST /messages accepts of the new kinds and what it refuses,
// each refusal naming the field, and the vCard text a contact card becomes.
import { describe, expect, it } from 'vitest';
import { renderVCard } from '../vcard.js';
import { OutgoingMessage } from './messages.js';

const base = { to: '6281234567890' };
const refusal = (item: unknown) => {
  const parsed = OutgoingMessage.safeParse(item);
  if (parsed.success) throw new Error(`accepted: ${JSON.stringify(item)}`);
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join(' | ');
};

describe('OutgoingMessage', () => {
  it('recipient_type is optional and individual by default, as in the Cloud API', () => {
    expect(OutgoingMessage.parse({ ...base, type: 'text', text: { body: 'hi' } }).recipient_type).toBe('individual');
    expect(refusal({ ...base, recipient_type: 'broadcast', type: 'text', text: { body: 'hi' } })).toContain('recipient_type');
  });

  it('polls take 2 to 12 unique options; 1, 13 or duplicates are refused naming poll.options', () => {
    const poll = (options: string[], selectableCount?: number) => ({ ...base, type: 'poll', poll: { name: 'Q', options, selectableCount } });
    expect(OutgoingMessage.parse(poll(['a', 'b'])).type).toBe('poll');
    expect(
      OutgoingMessage.parse(
        poll(
          Array.from({ length: 12 }, (_, i) => `o${i}`),
          12,
        ),
      ).type,
    ).toBe('poll');
    expect(refusal(poll(['only']))).toContain('poll.options: options must have 2 to 12 entries');
    expect(refusal(poll(Array.from({ length: 13 }, (_, i) => `o${i}`)))).toContain('poll.options: options must have 2 to 12 entries');
    expect(refusal(poll(['a', 'a']))).toContain('poll.options: options must be unique');
    expect(refusal(poll(['a', 'x'.repeat(101)]))).toContain('poll.options.1');
    expect(refusal(poll(['a', 'b'], 3))).toContain('poll.selectableCount');
  });

  it('location: latitude within ±90, longitude within ±180 (numbers or decimal strings)', () => {
    const at = (latitude: unknown, longitude: unknown) => ({ ...base, type: 'location', location: { latitude, longitude } });
    expect(OutgoingMessage.parse(at('-6.2', 106.8))).toMatchObject({ location: { latitude: -6.2, longitude: 106.8 } });
    expect(OutgoingMessage.parse(at(90, -180)).type).toBe('location');
    expect(refusal(at(90.5, 0))).toContain('location.latitude: latitude must be between -90 and 90');
    expect(refusal(at(0, -180.01))).toContain('location.longitude: longitude must be between -180 and 180');
    expect(refusal(at('north', 0))).toContain('location.latitude');
  });

  it('media kinds need exactly one of link or id; audio voice is a boolean', () => {
    expect(refusal({ ...base, type: 'video', video: { caption: 'x' } })).toContain('give exactly one of link or id');
    expect(refusal({ ...base, type: 'audio', audio: { link: 'https://example.com/a.ogg', voice: 'yes' } })).toContain('audio.voice');
    expect(refusal({ ...base, type: 'sticker', sticker: { id: '../etc/passwd' } })).toContain('sticker.id');
  });

  it('reaction and reply ids must look like WhatsApp ids; the emoji is bounded and may be empty', () => {
    expect(OutgoingMessage.parse({ ...base, type: 'reaction', reaction: { message_id: '3EB0AA', emoji: '' } }).type).toBe('reaction');
    expect(refusal({ ...base, type: 'reaction', reaction: { message_id: 'x y', emoji: '👍' } })).toContain('reaction.message_id');
    expect(refusal({ ...base, type: 'reaction', reaction: { message_id: '3EB0AA', emoji: '👍'.repeat(40) } })).toContain('reaction.emoji');
    expect(refusal({ ...base, type: 'text', text: { body: 'x' }, context: { message_id: '' } })).toContain('context.message_id');
    expect(refusal({ ...base, type: 'reaction', reaction: { message_id: '3EB0AA', emoji: '👍' }, context: { message_id: '3EB0AA' } })).toBe(
      'context: a reaction cannot be a reply',
    );
  });

  it('mentions must appear in the text or caption as @<number>', () => {
    const text = (body: string, mentions: string[]) => ({ ...base, type: 'text', text: { body }, mentions });
    expect(OutgoingMessage.parse(text('hi @6281234567890', ['6281234567890'])).mentions).toEqual(['6281234567890']);
    expect(refusal(text('hi there', ['6281234567890']))).toBe('mentions: the text must contain @6281234567890 for each mentioned number');
    expect(refusal({ ...base, type: 'location', location: { latitude: 1, longitude: 1 }, mentions: ['6281234567890'] })).toContain('mentions');
    expect(refusal(text('hi @12', ['12']))).toContain('mentions.0');
  });

  it('contacts: at least a formatted name, bounded lists, TYPE parameters are plain words', () => {
    const card = { name: { formatted_name: 'Budi' }, phones: [{ phone: '+62 812', type: 'CELL' }] };
    expect(OutgoingMessage.parse({ ...base, type: 'contacts', contacts: [card] }).type).toBe('contacts');
    expect(refusal({ ...base, type: 'contacts', contacts: [] })).toContain('contacts');
    expect(refusal({ ...base, type: 'contacts', contacts: [{ name: {} }] })).toContain('contacts.0.name.formatted_name');
    expect(refusal({ ...base, type: 'contacts', contacts: [{ ...card, phones: [{ phone: '1', type: 'CELL:\nX' }] }] })).toContain('contacts.0.phones.0');
    expect(refusal({ ...base, type: 'contacts', contacts: Array(21).fill(card) })).toContain('at most 20 contacts');
  });
});

describe('renderVCard', () => {
  it('renders a Cloud API card as vCard 3.0 with waid on WhatsApp numbers', () => {
    const vcard = renderVCard({
      name: { formatted_name: 'Budi Santoso', first_name: 'Budi', last_name: 'Santoso' },
      phones: [{ phone: '+62 812-3456-7890', type: 'work', wa_id: '6281234567890' }, { phone: '+62 21 555' }],
      emails: [{ email: 'budi@example.com' }],
      org: { company: 'Toko Budi', title: 'Owner' },
      urls: [{ url: 'https://example.com' }],
    });
    expect(vcard).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Santoso;Budi;;;',
        'FN:Budi Santoso',
        'ORG:Toko Budi',
        'TITLE:Owner',
        'TEL;type=WORK;waid=6281234567890:+62 812-3456-7890',
        'TEL;type=CELL:+62 21 555',
        'EMAIL;type=INTERNET:budi@example.com',
        'URL;type=WORK:https://example.com',
        'END:VCARD',
      ].join('\n'),
    );
  });

  it('escapes what would end a field or add a line: a name cannot inject a property', () => {
    const vcard = renderVCard({ name: { formatted_name: 'Evil\nTEL:+1 555;x,y\\z' } });
    expect(vcard).toContain('FN:Evil\\nTEL:+1 555\\;x\\,y\\\\z');
    expect(vcard.split('\n').filter((line) => line.startsWith('TEL'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseContactCard } from './vcard.js';

describe('parseContactCard', () => {
  it('joins folded lines, reads grouped TEL properties and their waid and type', () => {
    const vcard = 'BEGIN:VCARD\r\nFN:Siti\r\n  Rahma\r\nitem2.TEL;type=CELL;waid=628123:+62 8123\r\nEND:VCARD';
    expect(parseContactCard(vcard, 'ignored')).toEqual({
      vcard,
      name: { formatted_name: 'Siti Rahma' },
      phones: [{ phone: '+62 8123', wa_id: '628123', type: 'CELL' }],
    });
  });

  it('falls back to the display name without FN, and to null without either', () => {
    expect(parseContactCard('BEGIN:VCARD\nEND:VCARD', 'Budi').name.formatted_name).toBe('Budi');
    expect(parseContactCard(undefined, undefined)).toEqual({ vcard: null, name: { formatted_name: null }, phones: [] });
  });

  it('a line without a colon, or an empty number, adds nothing', () => {
    expect(parseContactCard('TEL\nTEL:\nFN', null).phones).toEqual([]);
  });
});

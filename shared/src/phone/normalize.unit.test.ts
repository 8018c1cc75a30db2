import { describe, expect, it } from 'vitest';
import { isPhoneCountry, normalizePhone } from './normalize.js';

describe('normalizePhone', () => {
  it.each([
    ['6281234567890', undefined, '6281234567890'],
    ['+62 812-3456-7890', undefined, '6281234567890'],
    [6281234567890, undefined, '6281234567890'],
    ['0062 (812) 3456.7890', undefined, '6281234567890'],
    ['+1 202 555 0123', undefined, '12025550123'],
    ['0812-3456-7890', 'ID', '6281234567890'],
    ['(021) 555.1234', 'ID', '62215551234'],
    ['015112345678', 'DE', '4915112345678'],
    // International digits stay international even with another default country.
    ['6281234567890', 'DE', '6281234567890'],
    ['+62 812 3456 7890', 'US', '6281234567890'],
  ] as const)('%j (default %s) → %s', (raw, country, digits) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, digits });
  });

  it('refuses a national-format number without a default country, saying how to fix it', () => {
    const result = normalizePhone('0812-3456-7890');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^is in national format \(leading 0\): write it with its country code.*DEFAULT_COUNTRY/);
  });

  it.each([
    ['62123', undefined, 'is too short for ID (+62)'],
    ['+49 1511 2345 6789 01234', undefined, 'is too long for DE (+49)'],
    ['+1 202 555 01234', undefined, 'is too long'],
    ['999123456789', undefined, 'does not start with a known country code'],
    ['0812 345', 'ID', 'is not a valid number for ID'],
    ['abc12345678', undefined, 'is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like'],
    ['++6281234567', undefined, 'is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like'],
    ['62812@s.whatsapp.net', undefined, 'is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like'],
    ['', undefined, 'is required'],
  ] as const)('refuses %j (default %s): %s', (raw, country, reason) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: false, reason });
  });

  it('knows ISO country codes that have numbering data', () => {
    expect(['ID', 'DE', 'US'].every(isPhoneCountry)).toBe(true);
    expect(['id', 'XX', 'IDN', ''].some(isPhoneCountry)).toBe(false);
  });
});

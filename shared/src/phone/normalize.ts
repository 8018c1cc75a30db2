// Phone numbers to E.164 digits (as WhatsApp JIDs carry them, no "+"), with libphonenumber-js.
// The `min` metadata checks a number's country code, length and leading digits; it does not know
// which ranges a carrier has handed out (WhatsApp's own contact check answers that), and it keeps
// the worker and the dashboard bundle small. Runs in workerd, Node and the browser alike.
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/min';

/** A country to read national-format numbers in (ISO 3166 alpha-2), or none. */
export type DefaultCountry = string | null | undefined;

export type PhoneCheck = { ok: true; digits: string } | { ok: false; reason: string };

/** What is stripped before reading a number: spaces, dashes, dots and parentheses. */
const FORMATTING = /[\s\-().]/g;
const MAX_INPUT = 40;

/** True for an ISO 3166 alpha-2 code that has phone numbering data (ID, DE, US…). */
export function isPhoneCountry(code: string): code is CountryCode {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** True when the text could be a phone number at all (digits, formatting, one leading +), before
 * knowing the country to read it in: the shape a static schema can check. */
export function looksLikePhone(raw: string | number): boolean {
  const text = String(raw).trim();
  return text.length <= MAX_INPUT && /^\+?\d{4,20}$/.test(text.replace(FORMATTING, ''));
}

/** The number in E.164 digits, or why it is not one. A "+" or "00" prefix, or digits that form a
 * valid international number (6281234567890), are international; a leading 0, or digits that are
 * only valid in the default country, are read in `defaultCountry`, and refused without one. */
export function normalizePhone(raw: string | number, defaultCountry?: DefaultCountry): PhoneCheck {
  const text = String(raw).trim();
  if (text === '') return { ok: false, reason: 'is required' };
  if (!looksLikePhone(text))
    return { ok: false, reason: 'is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like' };
  const compact = text.replace(FORMATTING, '');
  const country = defaultCountry && isPhoneCountry(defaultCountry) ? defaultCountry : undefined;
  const international = compact.startsWith('+') ? compact : compact.startsWith('00') ? `+${compact.slice(2)}` : null;
  if (international) return checked(international);
  if (compact.startsWith('0')) {
    if (!country) {
      return {
        ok: false,
        reason:
          'is in national format (leading 0): write it with its country code (e.g. 6281234567890 for ' +
          '0812-3456-7890), or set a default country (DEFAULT_COUNTRY, or the session’s default_country)',
      };
    }
    return checked(compact, country);
  }
  const asInternational = checked(`+${compact}`);
  if (asInternational.ok || !country) return asInternational;
  const asNational = checked(compact, country);
  return asNational.ok ? asNational : asInternational;
}

function checked(text: string, country?: CountryCode): PhoneCheck {
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isValid()) return { ok: true, digits: parsed.number.slice(1) };
  const where = country ? ` for ${country}` : parsed?.country ? ` for ${parsed.country} (+${parsed.countryCallingCode})` : '';
  switch (validatePhoneNumberLength(text, country)) {
    case 'INVALID_COUNTRY':
      return { ok: false, reason: 'does not start with a known country code' };
    case 'TOO_SHORT':
      return { ok: false, reason: `is too short${where}` };
    case 'TOO_LONG':
      return { ok: false, reason: `is too long${where}` };
    case 'INVALID_LENGTH':
      return { ok: false, reason: `has the wrong number of digits${where}` };
    default:
      return { ok: false, reason: `is not a valid number${where}` };
  }
}

/** "<field> "<input>" <reason>", short enough for a row report. */
export function phoneErrorMessage(field: string, raw: unknown, reason: string): string {
  const shown = String(raw ?? '').slice(0, MAX_INPUT);
  return shown.trim() === '' ? `${field} is required` : `${field} "${shown}" ${reason}`;
}

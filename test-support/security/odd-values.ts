// The raw material of the bad-input run: values that have broken parsers, routers and lookups
// elsewhere (prototype keys, NUL, traversal, bad percent-encoding, huge and deep values).

/** Strings put into JSON fields. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../etc/passwd',
  '..\\..\\secrets.json',
  'a\u0000b',
  '\u0000',
  '\u202e\u0644\u0627 RTL',
  '𝕦𝕟𝕚𝕔𝕠𝕕𝕖 😀 👩‍👩‍👧',
  '\ud800',
  'ünïcødé ẞ',
  '%00',
  '%zz',
  '{{Name}}{{__proto__}}{{constructor}}',
  '{{'.repeat(2000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\r\nX-Injected: 1',
  '9'.repeat(400),
  '-1',
  '1e309',
  'null',
  'list_1_aaaaaa',
  'campaign_99999999999999999_zzzzzz',
];

/** JSON number tokens inserted as raw text (JSON.stringify cannot write most of them). */
export const ODD_NUMBER_TOKENS: readonly string[] = [
  '1e309',
  '-1e309',
  '-0',
  '0.1e-400',
  '9'.repeat(400),
  '123456789012345678901234567890',
  '-9007199254740993',
  '1.5',
  '0',
  '-1',
  '4294967296',
];

/** Values of other JSON types, for wrong-type fields. */
export const TYPED_VALUES: readonly unknown[] = [
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  true,
  false,
  null,
  [],
  {},
  'text',
  ['a', ['b']],
  { nested: { deeper: {} } },
  [null],
  [{}],
];

/** Path segments (already as they go on the request line). */
export const ODD_SEGMENTS: readonly string[] = [
  'constructor',
  '__proto__',
  'prototype',
  'hasOwnProperty',
  '%00',
  'a%00b',
  '..%2f..%2fsecrets.json',
  '..%2F..%2Fpackage.json',
  '%2e%2e',
  '..%5c..%5cwindows',
  '%zz',
  '%',
  '%E2%80%AE',
  encodeURIComponent('ünïcødé'),
  encodeURIComponent('😀'),
  'x'.repeat(300),
  '%20',
  '%0d%0aX-Injected:%201',
  'null',
  '-1',
  '1e999',
  'list_1_aaaaaa',
  'campaign_1_aaaaaa',
  '00000000-0000-4000-8000-000000000000.png',
];

/** Prefixes the odd segments are appended to: API routes and the paths outside /api/v1. */
export const ODD_PATH_PREFIXES: readonly string[] = [
  '/',
  '/api/',
  '/api/v1/',
  '/api/v1/sessions/',
  '/api/v1/recipient-lists/',
  '/api/v1/campaigns/',
  '/api/v1/media/',
  '/media/',
  '/dashboard/',
  '/dashboard/assets/',
  '/dashboard/sessions/',
  '/dashboard/campaigns/',
];

/** Whole request paths outside the document that must hold up as well. */
export const ODD_FIXED_PATHS: readonly string[] = [
  '/__proto__',
  '/constructor',
  '/dashboard/assets/constructor',
  '/dashboard/assets/__proto__',
  '/dashboard/assets/toString',
  '/media/x',
  '/media/constructor',
  '/api/send-message',
  '/api/message',
  '/docs',
  '/dashboard/login?next=%2F%2Fevil.example',
  '/dashboard/login?next=__proto__',
  '/api/v1/openapi.json?__proto__[x]=1',
  '/api/v1/sessions?constructor=1&__proto__=2',
];

/** Query values (already encoded). */
export const ODD_QUERY_VALUES: readonly string[] = [
  '',
  '%00',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(3000),
  '%zz',
  encodeURIComponent('😀'),
  'true',
  '[]',
  '%5B%5D',
];

/** Authorization header values that are no credential at all. */
export const ODD_AUTHORIZATION: readonly string[] = [
  'Bearer',
  'Bearer ',
  'Bearer  wag_x y',
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${'w'.repeat(10_000)}`,
  'Bearer wag_%00',
  'bearer __proto__',
  'Token wag_x',
  'Bearer constructor',
];

/** `[[[…]]]` nested `depth` deep. */
export const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Whole JSON bodies of the wrong shape. */
export const ODD_WHOLE_BODIES: readonly string[] = ['null', '[]', '"text"', '42', 'true', '[{}]', '{}', '[null]', nestedArrays(5000)];

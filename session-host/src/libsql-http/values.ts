/**
 * Hrana value encoding <-> values the `libsql` (better-sqlite3-style) binding understands.
 *
 * Wire format (Hrana 2, JSON):
 *   {"type":"null"} | {"type":"integer","value":"<decimal string>"} | {"type":"float","value":1.25}
 *   | {"type":"text","value":"..."} | {"type":"blob","base64":"..."}
 *
 * Integers travel as strings and are bound/read as BigInt so 64-bit values round-trip exactly
 * (rows must be read with `safeIntegers(true)`, otherwise integers and floats are indistinguishable).
 */

export type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

/** What we hand to the binding: `number` binds REAL, `bigint` binds INTEGER. */
export type BindValue = null | bigint | number | string | Buffer;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Thrown for values that are structurally invalid; the server answers 400. */
export class ValueError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate a wire value and convert it to a bindable JS value. */
export function decodeValue(raw: unknown): BindValue {
  if (!isRecord(raw)) throw new ValueError('value must be an object');
  switch (raw.type) {
    case 'null':
      return null;
    case 'integer': {
      const v = raw.value;
      let n: bigint;
      if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
      else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
      else throw new ValueError('integer value must be a decimal string');
      if (n < I64_MIN || n > I64_MAX) throw new ValueError('integer value out of 64-bit range');
      return n;
    }
    case 'float': {
      const v = raw.value;
      if (typeof v !== 'number') throw new ValueError('float value must be a number');
      return v;
    }
    case 'text': {
      const v = raw.value;
      if (typeof v !== 'string') throw new ValueError('text value must be a string');
      return v;
    }
    case 'blob': {
      const v = raw.base64;
      if (typeof v !== 'string') throw new ValueError('blob value must carry a base64 string');
      // Buffer.from(base64) accepts both padded/unpadded and url-safe alphabets.
      return Buffer.from(v, 'base64');
    }
    default:
      throw new ValueError(`unknown value type ${JSON.stringify(raw.type)}`);
  }
}

/** Convert a value read from a row (raw + safeIntegers mode) to its wire form. */
export function encodeValue(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') {
    // SQLite REAL can hold +/-Infinity, which JSON cannot carry; clamp to the largest finite double
    // rather than emit `null` (which the client rejects). NaN never comes out of SQLite (it is NULL).
    if (Number.isFinite(v)) return { type: 'float', value: v };
    if (Number.isNaN(v)) return { type: 'null' };
    return { type: 'float', value: v > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE };
  }
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) {
    return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (typeof v === 'boolean') return { type: 'integer', value: v ? '1' : '0' };
  return { type: 'text', value: String(v) };
}

/** Strip the sigil a client may keep on a named argument (`:x`, `@x`, `$x` -> `x`). */
export function stripParamPrefix(name: string): string {
  const c = name.charAt(0);
  return c === ':' || c === '@' || c === '$' ? name.slice(1) : name;
}

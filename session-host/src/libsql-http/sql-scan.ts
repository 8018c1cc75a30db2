/**
 * A small SQL tokenizer: just enough to
 *  - refuse an `execute` whose SQL holds more than one statement (the binding's prepare() would
 *    silently ignore everything after the first one),
 *  - list parameter names for `describe`,
 *  - read the leading keywords (EXPLAIN / read-only detection / BEGIN ... READONLY rewrite).
 * It understands quoted strings/identifiers, comments and CREATE TRIGGER ... BEGIN ... END bodies.
 */

export interface SqlScan {
  /** Number of statements that contain at least one token. */
  statementCount: number;
  /**
   * Parameter names of the first statement by SQLite index - 1, numbered exactly as SQLite does
   * (`?` -> next index, `?NNN` -> NNN, `:x`/`@x`/`$x`/`#x` -> index of first occurrence, else next).
   * `null` for anonymous `?` and for gaps left by `?NNN`; named ones keep their sigil.
   */
  params: (string | null)[];
  /** First few keywords/identifiers of the first statement, upper-cased. */
  words: string[];
}

/** SQLITE_MAX_VARIABLE_NUMBER default. */
const MAX_VARIABLE_NUMBER = 32766;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

export function scanSql(sql: string): SqlScan {
  let statementCount = 0;
  let inStatement = false;
  let words: string[] = [];
  const firstWords: string[] = [];
  const params: (string | null)[] = [];
  const named = new Map<string, number>();
  let trigger = false;
  let depth = 0;
  let i = 0;
  const n = sql.length;

  const token = (): void => {
    if (!inStatement) {
      inStatement = true;
      statementCount++;
      words = statementCount === 1 ? firstWords : [];
      trigger = false;
      depth = 0;
    }
  };
  const word = (w: string): void => {
    token();
    const up = w.toUpperCase();
    if (words.length < 8) words.push(up);
    if (words.length <= 4 && up === 'TRIGGER' && words[0] === 'CREATE') trigger = true;
    if (trigger) {
      if (up === 'BEGIN' || up === 'CASE') depth++;
      else if (up === 'END' && depth > 0) depth--;
    }
  };
  const param = (name: string | null): void => {
    token();
    if (statementCount !== 1) return;
    if (name === null) {
      params.push(null);
    } else if (name.startsWith('?')) {
      const idx = Number(name.slice(1));
      if (idx < 1 || idx > MAX_VARIABLE_NUMBER) return; // SQLite rejects it at prepare time
      while (params.length < idx) params.push(null);
      if (!named.has(name)) {
        named.set(name, idx);
        params[idx - 1] ??= name;
      }
    } else if (!named.has(name)) {
      params.push(name);
      named.set(name, params.length);
    }
  };

  while (i < n) {
    const c = sql.charAt(i);
    if (c === '-' && sql.charAt(i + 1) === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql.charAt(i + 1) === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      token();
      let j = i + 1;
      for (;;) {
        const e = sql.indexOf(c, j);
        if (e < 0) {
          j = n;
          break;
        }
        if (sql.charAt(e + 1) === c) {
          j = e + 2;
          continue;
        }
        j = e + 1;
        break;
      }
      i = j;
    } else if (c === '[') {
      token();
      const e = sql.indexOf(']', i);
      i = e < 0 ? n : e + 1;
    } else if (c === ';') {
      if (inStatement && !(trigger && depth > 0)) inStatement = false;
      i++;
    } else if (c === '?') {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql.charAt(j))) j++;
      param(j > i + 1 ? sql.slice(i, j) : null);
      i = j;
    } else if (c === ':' || c === '@' || c === '$' || c === '#') {
      // Same rules as SQLite's tokenizer (TK_VARIABLE), including Tcl-style `$a::b` and `$a(x)`.
      let j = i + 1;
      let idChars = 0;
      while (j < n) {
        const d = sql.charAt(j);
        if (WORD_CHAR.test(d)) {
          idChars++;
          j++;
        } else if (d === '(' && idChars > 0) {
          const e = sql.indexOf(')', j);
          j = e < 0 ? n : e + 1;
          break;
        } else if (d === ':' && sql.charAt(j + 1) === ':') {
          j += 2;
        } else break;
      }
      if (idChars > 0) param(sql.slice(i, j));
      else token();
      i = idChars > 0 ? j : i + 1;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(sql.charAt(j))) j++;
      word(sql.slice(i, j));
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      token();
      i++;
    }
  }
  return { statementCount, params, words: firstWords };
}

/** `BEGIN TRANSACTION READONLY` (sent by @libsql/client for `transaction('read')`). */
export function isBeginReadonly(words: string[]): boolean {
  if (words[0] !== 'BEGIN') return false;
  const rest = words[1] === 'TRANSACTION' ? words.slice(2) : words.slice(1);
  return rest.length === 1 && rest[0] === 'READONLY';
}

/** Best-effort read-only classification for `describe`. */
export function looksReadonly(words: string[]): boolean {
  const w = words[0];
  if (w === 'SELECT' || w === 'VALUES' || w === 'EXPLAIN') return true;
  if (w === 'WITH') return !words.some((x) => x === 'INSERT' || x === 'UPDATE' || x === 'DELETE' || x === 'REPLACE');
  return false; // PRAGMA and everything else: assume it may write
}

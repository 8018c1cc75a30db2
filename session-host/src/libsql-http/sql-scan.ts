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
  /** Parameters of the first statement in SQLite's numbering order (`null` for anonymous `?`). */
  params: (string | null)[];
  /** First few keywords/identifiers of the first statement, upper-cased. */
  words: string[];
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

export function scanSql(sql: string): SqlScan {
  let statementCount = 0;
  let inStatement = false;
  let words: string[] = [];
  const firstWords: string[] = [];
  let params: (string | null)[] = [];
  const seenNamed = new Set<string>();
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
    if (name === null) params.push(null);
    else if (!seenNamed.has(name)) {
      seenNamed.add(name);
      params.push(name);
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
        if (e < 0) { j = n; break; }
        if (sql.charAt(e + 1) === c) { j = e + 2; continue; }
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
    } else if ((c === ':' || c === '@' || c === '$') && i + 1 < n && WORD_CHAR.test(sql.charAt(i + 1))) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(sql.charAt(j))) j++;
      param(sql.slice(i, j));
      i = j;
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
  if (statementCount === 0) params = [];
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

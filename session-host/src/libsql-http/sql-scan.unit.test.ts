import { describe, expect, it } from 'vitest';
import { positionalArgs } from './connection.js';
import { isBeginReadonly, scanSql } from './sql-scan.js';

describe('scanSql', () => {
  it('numbers parameters like SQLite', () => {
    expect(scanSql('SELECT ?, ?').params).toEqual([null, null]);
    expect(scanSql('SELECT ?3, ?').params).toEqual([null, null, '?3', null]);
    expect(scanSql('SELECT :a, ?, :a, @a, $b::c(x), #d').params).toEqual([':a', null, '@a', '$b::c(x)', '#d']);
    expect(scanSql('SELECT \':x\', "?", [?], `?` -- ?\n /* :y */ , :z').params).toEqual([':z']);
  });

  it('counts statements, including trigger bodies', () => {
    expect(scanSql('').statementCount).toBe(0);
    expect(scanSql(' -- only a comment\n /* x */ ;;').statementCount).toBe(0);
    expect(scanSql('SELECT 1;').statementCount).toBe(1);
    expect(scanSql("SELECT ';'; -- trailing").statementCount).toBe(1);
    expect(scanSql('SELECT 1; SELECT 2').statementCount).toBe(2);
    const trig = `CREATE TRIGGER t AFTER INSERT ON a BEGIN
      UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END;
      DELETE FROM c;
    END;`;
    expect(scanSql(trig).statementCount).toBe(1);
    expect(scanSql(`${trig} SELECT 1`).statementCount).toBe(2);
  });

  it('recognises BEGIN TRANSACTION READONLY', () => {
    expect(isBeginReadonly(scanSql('BEGIN TRANSACTION READONLY').words)).toBe(true);
    expect(isBeginReadonly(scanSql('begin readonly;').words)).toBe(true);
    expect(isBeginReadonly(scanSql('BEGIN IMMEDIATE').words)).toBe(false);
  });

  it('merges named and positional args by index', () => {
    const named = new Map<string, bigint | null>([
      ['a', 1n],
      ['b', 2n],
      ['zz', 9n],
    ]);
    expect(positionalArgs({ args: [], namedArgs: named }, scanSql('SELECT :a, ?, @b, :a').params)).toEqual([1n, null, 2n]);
    expect(positionalArgs({ args: [7n, 8n], namedArgs: new Map() }, [null])).toEqual([7n, 8n]);
  });
});

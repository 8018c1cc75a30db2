// A database as the release before a migration left it: every migration up to (not including)
// the one whose tag ends with `tagSuffix` (found by name: the lead may renumber it), in a fresh
// directory. Insert the old rows, then `runMigrations` applies the rest.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createHostDb, MIGRATIONS_FOLDER, type HostDb } from '../session-host/src/db/client.js';

export async function databaseBefore(tagSuffix: string): Promise<{ db: HostDb; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'wag-migration-'));
  const before = join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
  const journalPath = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (at <= 0) throw new Error(`no migration ${tagSuffix} after the first`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const db = createHostDb(`file:${join(dir, 'old.db')}`);
  await migrate(db, { migrationsFolder: before });
  return {
    db,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

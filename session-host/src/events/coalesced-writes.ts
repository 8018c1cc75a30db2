import type { HostDb } from '../db/client.js';
import { type Statement, runBatch } from '../db/statements.js';

interface Unit {
  statements: readonly Statement[];
  resolve: (changed: number) => void;
  reject: (err: unknown) => void;
}

/** Incoming messages come in bursts (contacts writing at once, a reconnect's backlog), each message
 * a few statements that must be written together. A message is written at once when nothing is
 * being written; otherwise it joins every message added while that write was in flight, in one
 * atomic `batch` (one round trip), in the order they were added, so their events keep their
 * order. No timer: nothing waits that could be written now. If such a batch fails (nothing of it
 * was written), each of its messages is written on its own, so a message that cannot be written
 * loses only itself. */
export class CoalescedWrites {
  private pending: Unit[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly db: HostDb,
    private readonly maxStatements = 400,
  ) {}

  /** Resolves once these statements are written, with the rows the first of them changed (0: an
   * insert that met a row already stored); rejects if they could not be written. */
  write(statements: readonly Statement[]): Promise<number> {
    if (statements.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ statements, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves once everything added so far is written (or failed): before reading what it wrote. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.writeUnits(this.take());
    } finally {
      this.writing = undefined;
    }
  }

  /** The oldest units, up to `maxStatements` statements (at least one unit). */
  private take(): Unit[] {
    let count = 0;
    let units = 0;
    while (units < this.pending.length && (units === 0 || count + this.pending[units]!.statements.length <= this.maxStatements)) {
      count += this.pending[units]!.statements.length;
      units++;
    }
    return this.pending.splice(0, units);
  }

  private async writeUnits(units: Unit[]): Promise<void> {
    try {
      const results = await runBatch(
        this.db,
        units.flatMap((u) => u.statements),
      );
      let first = 0;
      for (const u of units) {
        u.resolve(rowsChanged(results[first]));
        first += u.statements.length;
      }
    } catch (err) {
      if (units.length === 1) return units[0]!.reject(err);
      for (const u of units) {
        await runBatch(this.db, u.statements).then((results) => u.resolve(rowsChanged(results[0])), u.reject);
      }
    }
  }
}

const rowsChanged = (result: unknown) => (result as { rowsAffected?: number } | undefined)?.rowsAffected ?? 0;

import type { Logger } from 'pino';
import type { HostDb } from '../db/client.js';
import { type Statement, runBatch } from '../db/statements.js';

/** Status changes arrive several per message (sent, delivered, read) from every session, and each
 * send advances a Signal session (written behind by libsql-auth-state.ts). Each caller's statements
 * stay together and in order, but many callers' statements share one atomic `batch` (one round
 * trip) written within `delayMs`. A failed write is retried once. */
export class StatementBatcher {
  private pending: Statement[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: HostDb,
    private readonly logger: Logger,
    private readonly delayMs = 20,
    private readonly maxStatements = 300,
  ) {}

  add(statements: readonly Statement[]): void {
    if (statements.length === 0) return;
    this.pending.push(...statements);
    if (this.pending.length >= this.maxStatements) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending; resolves once everything added so far is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const statements = this.pending;
    this.pending = [];
    if (statements.length > 0) this.writing = this.writing.then(() => this.write(statements));
    return this.writing;
  }

  private async write(statements: Statement[]): Promise<void> {
    try {
      await runBatch(this.db, statements);
    } catch (err) {
      this.logger.warn({ err, statements: statements.length }, 'batched write failed; retrying once');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await runBatch(this.db, statements).catch((retryErr) => this.logger.error({ err: retryErr, statements: statements.length }, 'batched write lost'));
    }
  }
}

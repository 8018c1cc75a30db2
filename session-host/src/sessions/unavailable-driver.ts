import type { SessionDriver } from './session-manager.js';
import type { SessionStatusWriter } from './session-status-writer.js';

/** The driver of a host without a WhatsApp client: says so in the status instead of pretending. */
export class UnavailableDriver implements SessionDriver {
  constructor(
    private readonly status: SessionStatusWriter,
    private readonly hostId: string,
  ) {}

  async start(sessionId: string): Promise<void> {
    await this.status.set(sessionId, 'STARTING', `Owned by session host ${this.hostId}, which has no WhatsApp client configured yet.`);
  }

  async stop(): Promise<void> {}
}

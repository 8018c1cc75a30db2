/** A deferred message's error text starts with this, so a resume or a settings change can release it. */
export const WAITING_PREFIX = 'Waiting: ';

/** The send governor holds a message back: the queue puts it back, untried, until `until`.
 * `sessionWide`: the hold keeps every message of the session waiting (a pause, quiet hours, a daily,
 * hourly or warm-up cap), not only this recipient's (the first-contact cap). */
export class SendDeferred extends Error {
  constructor(
    readonly reason: string,
    readonly until: number,
    readonly sessionWide = false,
  ) {
    super(reason);
    this.name = 'SendDeferred';
  }
}

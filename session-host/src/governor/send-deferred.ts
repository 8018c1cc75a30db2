/** A deferred message's error text starts with this, so a resume or a settings change can release it. */
export const WAITING_PREFIX = 'Waiting: ';

/** The send governor holds a message back: the queue puts it back, untried, until `until`. */
export class SendDeferred extends Error {
  constructor(
    readonly reason: string,
    readonly until: number,
  ) {
    super(reason);
    this.name = 'SendDeferred';
  }
}

/** A sleep that a kick (or stop) can cut short. A kick that arrives while nobody sleeps is kept for
 * the next sleep, so a kick between two steps is not lost. */
export class Wakeup {
  private pending = false;
  private wakeCurrent: (() => void) | undefined;

  wake(): void {
    if (this.wakeCurrent) this.wakeCurrent();
    else this.pending = true;
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }
}

/**
 * At most `size` holders at once; the others wait in order, each until its signal aborts. The wait line is
 * bounded too: past `maxWaiting`, `acquire` fails at once rather than queueing more.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(
    private readonly size: number,
    private readonly maxWaiting: number,
  ) {}

  /** Waits for a slot; the returned function frees it (call it exactly once). */
  async acquire(signal: AbortSignal, onRefused: () => Error): Promise<() => void> {
    if (signal.aborted) throw signal.reason;
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxWaiting) throw onRefused();
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; `active` only drops when nobody waits.
      if (next) next.grant();
      else this.active--;
    };
  }
}

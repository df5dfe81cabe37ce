import { bounded } from '@dird/core';

interface Running<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Runs one piece of work per key at a time: callers asking for a key already running wait for the same
 * answer (a phone user typing a name sends the same token check many times at once). Each caller stops
 * waiting when its own signal aborts; the work itself is aborted only when every caller has stopped waiting.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Running<T>>();

  /** The answer of `work` for `key`, shared with every caller asking for `key` meanwhile. */
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal, what: string): Promise<T> {
    let entry = this.running.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const promise = work(controller.signal);
      const created: Running<T> = { promise, controller, waiters: 0 };
      const done = () => {
        if (this.running.get(key) === created) this.running.delete(key);
      };
      // Handled here so that work nobody waits for any more cannot become an unhandled rejection.
      promise.then(done, done);
      this.running.set(key, created);
      entry = created;
    }
    const joined = entry;
    joined.waiters++;
    return bounded(joined.promise, {
      signal,
      what,
      onAbandon: () => {
        if (--joined.waiters > 0) return;
        if (this.running.get(key) === joined) this.running.delete(key);
        joined.controller.abort(signal.reason);
      },
    });
  }

  /** How many keys are running. */
  get size(): number {
    return this.running.size;
  }
}

/** How one call ended under a {@link Deadline}. */
export type Outcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'timeout' };

const TIMED_OUT = Symbol('timed out');

/**
 * One deadline shared by the calls of one request: a single timer, and an `AbortSignal` that is aborted when
 * the time is up or when the request no longer needs the calls ({@link Deadline.release}).
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<typeof TIMED_OUT>;

  constructor(
    readonly ms: number,
    parent?: AbortSignal,
  ) {
    let fire!: () => void;
    this.expired = new Promise((resolve) => {
      fire = () => resolve(TIMED_OUT);
    });
    this.timer = setTimeout(() => {
      fire();
      this.controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError'));
    }, ms);
    if (parent) {
      if (parent.aborted) this.release();
      else parent.addEventListener('abort', () => this.release(), { once: true });
    }
  }

  /** Aborted at the deadline or on {@link Deadline.release}. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `fn` and reports how it ended; never waits past the deadline and never throws. */
  async run<T>(fn: (signal: AbortSignal) => Promise<T> | T): Promise<Outcome<T>> {
    if (this.signal.aborted) return { status: 'timeout' };
    try {
      const value = await Promise.race([fn(this.signal), this.expired]);
      if (value === TIMED_OUT) return { status: 'timeout' };
      return { status: 'ok', value: value as T };
    } catch (error) {
      if (this.signal.aborted) return { status: 'timeout' };
      return { status: 'error', error };
    }
  }

  /** Stops the timer and tells every call still running to stop. */
  release(): void {
    clearTimeout(this.timer);
    if (!this.signal.aborted) this.controller.abort(new DOMException('no longer needed', 'AbortError'));
  }
}

/** Seconds from config to milliseconds, for timers. */
export function secondsToMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

/** Why a call did not count, for logs: `timed out after 500 ms`, or xivo-dird's `An error occured in search: …`. */
export function failureReason(outcome: Outcome<unknown>, timeoutMs: number, call: string): string {
  if (outcome.status === 'timeout') return `timed out after ${timeoutMs} ms`;
  if (outcome.status === 'error') {
    const error = outcome.error;
    return `An error occured in ${call}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `${call} answered something else than expected`;
}

import type { SourceCallArgs } from './source-plugin.js';

/** How one call ended under a {@link Deadline}. */
export type Outcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'timeout' };

const TIMED_OUT = Symbol('timed out');

/** What a call run under a {@link Deadline} is given. */
export interface DeadlineCall {
  /** Aborted at the deadline, or when the request no longer needs the call. */
  readonly signal: AbortSignal;
}

/**
 * One deadline shared by the calls of one request: a single timer, and an `AbortSignal` that is aborted when
 * the time is up or when the request no longer needs the calls ({@link Deadline.release}).
 *
 * A directory answers thousands of requests a second, most of them from in-memory sources that answer at
 * once and never look at the signal. So nothing is made before it is needed: the `AbortController` when the
 * signal is first read, the timer when a call returns a promise, and the abort reason when a call is still
 * running at release (measured in docs/benchmarks.md).
 */
export class Deadline implements DeadlineCall {
  private controller: AbortController | undefined;
  /** Set once the calls must stop; applied to the signal when it is (or gets) made. */
  private abortReason: DOMException | undefined;
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private expired: Promise<typeof TIMED_OUT> | undefined;
  private running = 0;
  private released = false;

  constructor(
    readonly ms: number,
    parent?: AbortSignal,
  ) {
    if (parent) {
      if (parent.aborted) this.release();
      else parent.addEventListener('abort', () => this.release(), { once: true });
    }
  }

  /** Aborted at the deadline, or on {@link Deadline.release} while a call is still running. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /**
   * Source call arguments (`limit`, `candidates`, …) carrying this deadline's signal, which is only made if
   * the source reads it. The getter is an own, enumerable property, so a source that spreads its arguments
   * (`{ ...args, limit }`) passes the signal on.
   */
  sourceArgs(extra: Omit<SourceCallArgs, 'signal'>): SourceCallArgs {
    const signal = () => this.signal;
    return Object.assign(
      {
        get signal() {
          return signal();
        },
      },
      extra,
    );
  }

  /** Runs `fn` and reports how it ended; never waits past the deadline and never throws. */
  async run<T>(fn: (call: DeadlineCall) => Promise<T> | T): Promise<Outcome<T>> {
    if (this.released || this.abortReason) return { status: 'timeout' };
    let answer: Promise<T> | T;
    try {
      answer = fn(this);
    } catch (error) {
      return this.abortReason ? { status: 'timeout' } : { status: 'error', error };
    }
    if (!isThenable(answer)) return { status: 'ok', value: answer };
    this.running++;
    try {
      const value = await Promise.race([answer, this.expiry()]);
      if (value === TIMED_OUT) return { status: 'timeout' };
      return { status: 'ok', value: value as T };
    } catch (error) {
      if (this.abortReason) return { status: 'timeout' };
      return { status: 'error', error };
    } finally {
      this.running--;
    }
  }

  /** Stops the timer and tells every call still running to stop. */
  release(): void {
    this.released = true;
    clearTimeout(this.timer);
    if (this.running > 0) this.abort(new DOMException('no longer needed', 'AbortError'));
  }

  private abort(reason: DOMException): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Resolves at the deadline (counted from construction); the timer is armed on first need. */
  private expiry(): Promise<typeof TIMED_OUT> {
    this.expired ??= new Promise((resolve) => {
      const left = Math.max(0, this.ms - (performance.now() - this.started));
      this.timer = setTimeout(() => {
        resolve(TIMED_OUT);
        this.abort(new DOMException(`deadline of ${this.ms} ms passed`, 'TimeoutError'));
      }, left);
    });
    return this.expired;
  }
}

function isThenable<T>(value: Promise<T> | T): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Seconds from config to milliseconds, for timers (at most Node's longest timer, about 24.8 days). */
export function secondsToMs(seconds: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(1, Math.round(seconds * 1000)));
}

/** A longer delay makes Node fire a timer after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a call did not count, for logs: `timed out after 500 ms`, or xivo-dird's `An error occured in search: …`. */
export function failureReason(outcome: Outcome<unknown>, timeoutMs: number, call: string): string {
  if (outcome.status === 'timeout') return `timed out after ${timeoutMs} ms`;
  if (outcome.status === 'error') {
    const error = outcome.error;
    return `An error occured in ${call}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `${call} answered something else than expected`;
}

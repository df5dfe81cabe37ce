import { noMetrics, type Metrics, type SourceCall, type SourceCallOutcome } from './metrics.js';
import type { RequestContext } from './request-context.js';
import type { SourceCallArgs } from './source-plugin.js';

/**
 * How one call ended under a {@link Deadline}: answered, failed, out of time, or stopped because its answer was
 * no longer needed (`cancelled`: the client went away, or the service had its answer from another source). A
 * cancelled call says nothing about its source: it is neither logged as a drop nor counted against its health.
 */
export type Outcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'timeout' }
  | { readonly status: 'cancelled' };

const TIMED_OUT = Symbol('timed out');

/** What a call run under a {@link Deadline} is given. */
export interface DeadlineCall {
  /** Aborted at the deadline, or when the request no longer needs the call. */
  readonly signal: AbortSignal;
}

/** Options of a {@link Deadline}. */
export interface DeadlineOptions {
  /** The request the calls serve: its deadline caps this one, and its signal stops the calls. */
  readonly context?: RequestContext;
  /** Where {@link Deadline.run} reports each labelled call. */
  readonly metrics?: Metrics;
}

/** Names a call for metrics: which source, which call. */
export interface CallLabel {
  readonly source: { readonly name: string; readonly backend: string };
  readonly call: SourceCall;
}

/**
 * One deadline shared by the calls of one request: a single timer, and an `AbortSignal` that is aborted when
 * the time is up, when the request is given up (its context's signal), or when the calls are no longer needed
 * ({@link Deadline.release}). The one runner of source calls: every outcome and duration goes to the metrics.
 *
 * A directory answers thousands of requests a second, most of them from in-memory sources that answer at
 * once and never look at the signal. So nothing is made before it is needed: the `AbortController` when the
 * signal is first read, the timer and the link to the request when a call returns a promise, and the abort
 * reason when a call is still running at release (measured in docs/benchmarks.md).
 */
export class Deadline implements DeadlineCall {
  /** The deadline in milliseconds from construction: the given one, or less when the request is due sooner. */
  readonly ms: number;
  private controller: AbortController | undefined;
  /** Set once the calls must stop; applied to the signal when it is (or gets) made. */
  private abortReason: DOMException | undefined;
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private expired: Promise<typeof TIMED_OUT> | undefined;
  /** Ends every race with the deadline at once: the calls were told to stop. */
  private expireNow: (() => void) | undefined;
  private running = 0;
  private released = false;
  private linked = false;
  private readonly context: RequestContext | undefined;
  private readonly metrics: Metrics;
  private onParentAbort: (() => void) | undefined;

  constructor(ms: number, options: DeadlineOptions = {}) {
    this.context = options.context;
    this.metrics = options.metrics ?? noMetrics;
    this.ms = this.context ? Math.min(ms, Math.ceil(this.context.remainingMs())) : ms;
  }

  /** Aborted at the deadline, on {@link Deadline.release} while a call is still running, or with the request. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
      this.linkToRequest();
    }
    return this.controller.signal;
  }

  /**
   * Source call arguments (`limit`, `candidates`, …) carrying this deadline's signal, which is only made if
   * the source reads it, and the request's context. The signal is an own, enumerable getter, so a source that
   * spreads its arguments (`{ ...args, limit }`) passes the signal on.
   */
  sourceArgs(extra: Omit<SourceCallArgs, 'signal' | 'context'>, context: RequestContext): SourceCallArgs {
    return new CallArgs(this, context, extra);
  }

  /**
   * Runs `fn` and reports how it ended; never waits past the deadline and never throws. A labelled call's
   * outcome and duration go to the metrics.
   */
  async run<T>(fn: (call: DeadlineCall) => Promise<T> | T, label?: CallLabel): Promise<Outcome<T>> {
    return this.runNow(fn, label);
  }

  /**
   * {@link Deadline.run} for each item, all at once: the outcomes in order. When every call answers at once (in
   * memory sources), so does this, with no promise at all (docs/benchmarks.md, finding 19); else a promise of
   * them.
   */
  runAll<I, T>(
    items: readonly I[],
    fn: (item: I, call: DeadlineCall) => Promise<T> | T,
    label: (item: I) => CallLabel | undefined,
  ): Outcome<T>[] | Promise<Outcome<T>[]> {
    const outcomes: (Outcome<T> | Promise<Outcome<T>>)[] = new Array(items.length);
    let pending = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const outcome = this.runNow((call) => fn(item, call), label(item));
      if (outcome instanceof Promise) pending = true;
      outcomes[i] = outcome;
    }
    return pending ? Promise.all(outcomes) : (outcomes as Outcome<T>[]);
  }

  /** {@link Deadline.run}, answering at once (no promise) when the call does. */
  runNow<T>(fn: (call: DeadlineCall) => Promise<T> | T, label?: CallLabel): Outcome<T> | Promise<Outcome<T>> {
    if (this.released || this.abortReason) return this.measured(label, 0, this.stopped());
    const start = label !== undefined && this.metrics !== noMetrics ? performance.now() : 0;
    let answer: Promise<T> | T;
    try {
      answer = fn(this);
    } catch (error) {
      return this.measured(label, start, this.abortReason ? this.stopped() : { status: 'error', error });
    }
    // Most sources answer from memory at once: no promise, no timer, no link to the request.
    if (!isThenable(answer)) return this.measured(label, start, { status: 'ok', value: answer });
    return this.wait(answer, label, start);
  }

  private async wait<T>(answer: Promise<T>, label: CallLabel | undefined, start: number): Promise<Outcome<T>> {
    this.running++;
    this.linkToRequest();
    let outcome: Outcome<T>;
    try {
      const value = await Promise.race([answer, this.expiry()]);
      // A call that answered only because it was told to stop (a source honouring its signal) was cancelled too.
      outcome =
        value === TIMED_OUT || this.abortReason?.name === 'AbortError'
          ? this.stopped()
          : { status: 'ok', value: value as T };
    } catch (error) {
      outcome = this.abortReason ? this.stopped() : { status: 'error', error };
    } finally {
      this.running--;
    }
    return this.measured(label, start, outcome);
  }

  /** The outcome of a call stopped (or not started): out of time at the deadline, else no longer needed. */
  private stopped(): { readonly status: 'timeout' } | { readonly status: 'cancelled' } {
    if (this.abortReason?.name === 'TimeoutError') return TIMEOUT;
    return this.abortReason !== undefined || this.released ? CANCELLED : TIMEOUT;
  }

  /** Reports a labelled call's outcome and duration to the metrics (when any are kept), and returns it. */
  private measured<T>(label: CallLabel | undefined, start: number, outcome: Outcome<T>): Outcome<T> {
    if (label !== undefined && this.metrics !== noMetrics) {
      this.metrics.sourceCall({
        source: label.source.name,
        backend: label.source.backend,
        call: label.call,
        outcome: OUTCOMES[outcome.status],
        durationMs: start === 0 ? 0 : performance.now() - start,
        error: outcome.status === 'error' ? outcome.error : undefined,
      });
    }
    return outcome;
  }

  /** Stops the timer and tells every call still running to stop. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    if (this.onParentAbort) this.context!.signal.removeEventListener('abort', this.onParentAbort);
    if (this.running > 0) this.abort(new DOMException('no longer needed', 'AbortError'));
  }

  /** Follows the request's signal, once something can be stopped by it. */
  private linkToRequest(): void {
    if (this.linked || !this.context || this.released) return;
    this.linked = true;
    const parent = this.context.signal;
    if (parent.aborted) return this.release();
    // The request's own deadline (a TimeoutError) is this one's too; the client going away cancels the calls.
    this.onParentAbort = () => {
      const reason: unknown = parent.reason;
      if (reason instanceof DOMException && reason.name === 'TimeoutError') {
        this.abort(new DOMException(`deadline of ${this.ms} ms passed`, 'TimeoutError'));
      }
      this.release();
    };
    parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  private abort(reason: DOMException): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
    // A call that ignores its signal must not hold its caller: it counts as timed out now.
    this.expireNow?.();
  }

  /** Resolves at the deadline (counted from construction); the timer is armed on first need. */
  private expiry(): Promise<typeof TIMED_OUT> {
    this.expired ??= new Promise((resolve) => {
      this.expireNow = () => resolve(TIMED_OUT);
      const left = Math.max(0, this.ms - (performance.now() - this.started));
      this.timer = setTimeout(() => {
        resolve(TIMED_OUT);
        this.abort(new DOMException(`deadline of ${this.ms} ms passed`, 'TimeoutError'));
      }, left);
    });
    return this.expired;
  }
}

/**
 * The arguments of one source call. Its `signal` getter is one function shared by every instance, reaching the
 * deadline through a private field. A getter written in an object literal costs a new accessor pair per
 * call, which V8 makes in the old generation: until the next full collection it held the getter's closure,
 * and through it the whole request, so every request's objects were promoted and scavenges took ten times
 * longer (docs/benchmarks.md, finding 23).
 */
class CallArgs implements SourceCallArgs {
  readonly #deadline: Deadline;
  declare readonly signal: AbortSignal;
  readonly context: RequestContext;

  constructor(deadline: Deadline, context: RequestContext, extra: Omit<SourceCallArgs, 'signal' | 'context'>) {
    this.#deadline = deadline;
    Object.defineProperty(this, 'signal', CallArgs.#signal);
    this.context = context;
    Object.assign(this, extra);
  }

  static readonly #signal: PropertyDescriptor = {
    get(this: CallArgs): AbortSignal {
      return this.#deadline.signal;
    },
    enumerable: true,
    configurable: true,
  };
}

const OUTCOMES: Record<Outcome<unknown>['status'], SourceCallOutcome> = {
  ok: 'answered',
  error: 'failed',
  timeout: 'timed_out',
  cancelled: 'cancelled',
};

const TIMEOUT = { status: 'timeout' } as const;
const CANCELLED = { status: 'cancelled' } as const;

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
  if (outcome.status === 'cancelled') return 'no longer needed (the client went away, or another source answered)';
  if (outcome.status === 'error') {
    const error = outcome.error;
    return `An error occured in ${call}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `${call} answered something else than expected`;
}

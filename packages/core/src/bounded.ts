import { DirdError, ErrorCodes } from './errors.js';

/** How {@link bounded} gives up on a piece of work. */
export interface BoundOptions<T> {
  /** The caller's signal: giving up when it aborts. */
  readonly signal?: AbortSignal;
  /** Giving up after this many milliseconds (no timer when absent: the signal alone bounds the wait). */
  readonly ms?: number;
  /** Named in the timeout error: "connecting", "loading source \"crm\"". */
  readonly what: string;
  /** Runs once, when giving up, to stop the work (free the connection, kill the query). */
  readonly onAbandon?: () => void;
  /** Gets a value that arrived after giving up, so it is not leaked (a connection to release). */
  readonly onLate?: (value: T) => void;
}

/**
 * Settles like `work`, or rejects when the signal aborts or the time is up (`DIRD_ERR_TIMEOUT`, naming `what`),
 * whichever comes first: the caller never waits past its deadline, even on a server that stopped answering or
 * a plugin that hangs in `load`. The one timeout helper of dird outside the per-request {@link Deadline}.
 */
export function bounded<T>(work: Promise<T> | T, options: BoundOptions<T>): Promise<T> {
  const { signal, ms, what, onAbandon, onLate } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const giveUp = (reason: unknown) =>
      settle(() => {
        onAbandon?.();
        reject(reason);
      });
    const abort = () => giveUp(signal?.reason);
    const timer =
      ms === undefined
        ? undefined
        : setTimeout(() => giveUp(new DirdError(ErrorCodes.TIMEOUT, `${what} took longer than ${formatMs(ms)}`)), ms);
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) abort();
    Promise.resolve(work).then(
      (value) => {
        if (settled) onLate?.(value);
        else settle(() => resolve(value));
      },
      (err: unknown) => settle(() => reject(err)),
    );
  });
}

/** `500 ms`, or `60 s` for whole seconds of a second or more. */
function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

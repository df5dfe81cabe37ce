import { DirdError, ErrorCodes } from '@dird/core';

/** How {@link bounded} gives up on a piece of work. */
export interface BoundOptions<T> {
  /** The caller's signal: giving up when it aborts. */
  readonly signal: AbortSignal;
  /** Giving up after this many milliseconds (no timer when absent: the signal alone bounds the wait). */
  readonly ms?: number;
  /** Named in the timeout error: "connecting", "query". */
  readonly what: string;
  /** Runs once, when giving up, to stop the work (free the connection, kill the query). */
  readonly onAbandon?: () => void;
  /** Gets a value that arrived after giving up, so it is not leaked (a connection to release). */
  readonly onLate?: (value: T) => void;
}

/**
 * Settles like `work`, or rejects when the signal aborts or the time is up, whichever comes first: the
 * caller never waits past its deadline, even on a server that stopped answering.
 */
export function bounded<T>(work: Promise<T>, options: BoundOptions<T>): Promise<T> {
  const { signal, ms, what, onAbandon, onLate } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      fn();
    };
    const giveUp = (reason: unknown) =>
      settle(() => {
        onAbandon?.();
        reject(reason);
      });
    const abort = () => giveUp(signal.reason);
    const timer =
      ms === undefined
        ? undefined
        : setTimeout(() => giveUp(new DirdError(ErrorCodes.TIMEOUT, `${what} took longer than ${ms} ms`)), ms);
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();
    work.then(
      (value) => {
        if (settled) onLate?.(value);
        else settle(() => resolve(value));
      },
      (err: unknown) => settle(() => reject(err)),
    );
  });
}

import type { Answer } from './http-client.js';

/** The outcomes of the requests sent while the daemon was told to stop. */
export interface ShutdownCounts {
  sent: number;
  /** Answers by status (503 with `Connection: close` is an answer). */
  readonly answered: Map<number, number>;
  /** Refused at connect: the listener was closed, nothing was accepted. */
  refused: number;
  /**
   * Sent on a kept-alive connection the daemon closed as idle at the same moment, with no byte of answer: the
   * daemon never read the request (Node's `reusedSocket` case, which a client retries).
   */
  idleCloseRaces: number;
  /** The longest such a request waited for its error (ms): a race ends within a millisecond or two. */
  slowestRaceMs: number;
  /** Sent on a connection the daemon accepted, then reset or closed without an answer: a failure. */
  dropped: number;
  /** No answer within the deadline: a failure. */
  timedOut: number;
}

/** An empty tally. */
export function shutdownCounts(): ShutdownCounts {
  return { sent: 0, answered: new Map(), refused: 0, idleCloseRaces: 0, slowestRaceMs: 0, dropped: 0, timedOut: 0 };
}

/** Counts one request's outcome. */
export function countShutdownAnswer(
  c: ShutdownCounts,
  a: Pick<Answer, 'status' | 'error' | 'reused' | 'answered' | 'ms'>,
): void {
  c.sent++;
  if (a.status !== undefined && a.error === undefined) c.answered.set(a.status, (c.answered.get(a.status) ?? 0) + 1);
  else if (a.error === 'ECONNREFUSED') c.refused++;
  else if (a.error === 'deadline') c.timedOut++;
  else if (a.reused && !a.answered) {
    c.idleCloseRaces++;
    c.slowestRaceMs = Math.max(c.slowestRaceMs, a.ms);
  } else c.dropped++;
}

/** Accepted requests left without an answer. */
export function unanswered(c: ShutdownCounts): number {
  return c.dropped + c.timedOut;
}

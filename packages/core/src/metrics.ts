/** How one source call ended, as the deadline runner saw it. */
export type SourceCallOutcome = 'answered' | 'failed' | 'timed_out';

/** The source calls a service makes. */
export type SourceCall = 'search' | 'firstMatch' | 'list';

/** One source call, measured by the deadline runner ({@link Deadline.run}). */
export interface SourceCallEvent {
  readonly source: string;
  readonly backend: string;
  readonly call: SourceCall;
  readonly outcome: SourceCallOutcome;
  /** From the call's start to its answer, its failure, or the deadline. */
  readonly durationMs: number;
}

/**
 * Where plugins report what they measure; every plugin's `load` gets one. The host's default does nothing; a
 * metrics plugin or a status view replaces it. Methods must be cheap and must not throw: they run on the
 * request path.
 */
export interface Metrics {
  /** A source call ended (answered, failed or timed out). */
  sourceCall(event: SourceCallEvent): void;
}

/** Metrics that record nothing: the default. */
export const noMetrics: Metrics = Object.freeze({ sourceCall() {} });

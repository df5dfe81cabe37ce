/**
 * How one source call ended, as the deadline runner saw it; `cancelled`: its answer was no longer needed (the
 * client went away, or another source answered).
 */
export type SourceCallOutcome = 'answered' | 'failed' | 'timed_out' | 'cancelled';

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
  /** What the call threw, when it `failed`. */
  readonly error?: unknown;
}

/** A source (re)read its data: how many rows it now serves. */
export interface SourceRowsEvent {
  readonly source: string;
  readonly backend: string;
  readonly rows: number;
}

/** A source failed to re-read its data (it keeps serving what it had). */
export interface SourceReloadFailedEvent {
  readonly source: string;
  readonly backend: string;
}

/**
 * Where plugins report what they measure; every plugin's `load` gets one. The host's default does nothing; a
 * metrics plugin or a status view replaces it. Methods must be cheap and must not throw: they run on the
 * request path.
 */
export interface Metrics {
  /** A source call ended (answered, failed or timed out). */
  sourceCall(event: SourceCallEvent): void;
  /** A source loaded or re-read its rows (a file backend); optional for the metrics' implementers. */
  sourceRows?(event: SourceRowsEvent): void;
  /** A source failed to re-read its rows; optional for the metrics' implementers. */
  sourceReloadFailed?(event: SourceReloadFailedEvent): void;
}

/** Metrics that record nothing: the default. */
export const noMetrics: Metrics = Object.freeze({ sourceCall() {}, sourceRows() {}, sourceReloadFailed() {} });

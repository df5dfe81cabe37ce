/** The faults a soak injects, in the order of one cycle. */
export const FAULT_KINDS = [
  'slapd restart',
  'MariaDB restart',
  'CSV rewrite',
  'CSV removed',
  'auth stopped',
  'SIGHUP',
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a request depends on, and so what a fault may explain: a source, or the token checks. */
export type Target = 'csv' | 'ldap' | 'mysql' | 'personal' | 'auth';

/** What each fault takes away while it is in progress (SIGHUP takes nothing: the daemon must keep answering). */
export const FAULT_TARGETS: Readonly<Record<FaultKind, readonly Target[]>> = {
  'slapd restart': ['ldap'],
  'MariaDB restart': ['mysql'],
  'CSV rewrite': ['csv'],
  'CSV removed': ['csv'],
  'auth stopped': ['auth'],
  SIGHUP: [],
};

/** A fault planned at `atMs` after the load started. */
export interface PlannedFault {
  readonly kind: FaultKind;
  readonly atMs: number;
}

/** The shape of a run: its length, the window of its per-window figures, the steady time left at the end. */
export interface ScheduleShape {
  readonly totalMs: number;
  /** Figures are per window (a minute; 10 s with --quick); the first window is steady (the RSS baseline). */
  readonly windowMs: number;
  /** Steady time kept free of faults at the end. */
  readonly tailMs: number;
  /** The least time between two faults: a run long enough repeats the cycle. */
  readonly minSpacingMs: number;
  /** The window at whose end the RSS baseline is taken (the end of minute 1; of the first 30 s with --quick). */
  readonly baselineWindow: number;
}

/**
 * The faults of a run: whole cycles of {@link FAULT_KINDS}, as many as fit with `minSpacingMs` between faults
 * (at least one), spread evenly between the end of the first window and the tail.
 */
export function faultSchedule(shape: ScheduleShape): PlannedFault[] {
  const start = shape.windowMs;
  const span = Math.max(0, shape.totalMs - shape.tailMs - start);
  const cycles = Math.max(1, Math.floor(span / (FAULT_KINDS.length * shape.minSpacingMs)));
  const count = cycles * FAULT_KINDS.length;
  const spacing = span / count;
  return Array.from({ length: count }, (_, i) => ({
    kind: FAULT_KINDS[i % FAULT_KINDS.length],
    atMs: Math.round(start + i * spacing),
  }));
}

/** The shape of a run of `minutes` (`quick`: 10 s windows and a compressed schedule). */
export function scheduleShape(minutes: number, quick: boolean): ScheduleShape {
  return quick
    ? { totalMs: minutes * 60_000, windowMs: 10_000, tailMs: 5_000, minSpacingMs: 7_000, baselineWindow: 2 }
    : { totalMs: minutes * 60_000, windowMs: 60_000, tailMs: 30_000, minSpacingMs: 40_000, baselineWindow: 0 };
}

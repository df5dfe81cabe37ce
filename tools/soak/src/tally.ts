import type { FaultBook } from './fault-book.js';
import type { HeapAfterGc } from './gc-trace.js';
import { percentile } from './percentile.js';
import type { Target } from './schedule.js';

/** The kinds of request of the mixed load. */
export type RequestKind = 'lookup' | 'marker lookup' | 'reverse' | 'favorite' | 'personal create';

/** One request's outcome, as a load client saw it (times in ms since the load started). */
export interface Outcome {
  readonly kind: RequestKind;
  readonly startedAt: number;
  readonly endedAt: number;
  /** The answer's status; undefined when none came (connection error, deadline). */
  readonly status?: number;
  /** Why no answer came (`ECONNRESET`, `deadline`, …), or what was wrong with the answer. */
  readonly error?: string;
  /** True when the request failed: no answer, a 5xx, or a status its route never answers to this client. */
  readonly failed: boolean;
  /** What a failure may be explained by (every request checks a token: `auth`). */
  readonly dependsOn: readonly Target[];
  /** Sources that should have been in the answer and were not. */
  readonly lacked: readonly Target[];
}

/** The counts of one phase. */
export interface PhaseCounts {
  readonly name: string;
  requests: number;
  /** Answers by status, and failures without an answer by their error (`ECONNRESET`, `deadline`). */
  readonly statuses: Map<string, number>;
  explainedErrors: number;
  unexplainedErrors: number;
  /** Answers lacking a source, while a fault on it explains it / while it was up. */
  explainedLacks: number;
  unexplainedLacks: number;
}

/** Latencies and process figures of one window (a minute, or 10 s with --quick). */
export interface WindowFigures {
  readonly index: number;
  readonly latencies: number[];
  /**
   * The daemon's RSS (bytes): the last sample, and the lowest and highest of the samples (one a second) taken in
   * the second half of the window, when the heap has settled from what the window started with.
   */
  rss?: number;
  rssLow?: number;
  rssHigh?: number;
  /** Open handles at the last sample. */
  fds?: number;
  /** The daemon's heap after its last full GC, from its --trace-gc lines. */
  heap?: HeapAfterGc;
}

/** Counts outcomes per phase and per window; keeps the first unexplained problems to print. */
export class Tally {
  readonly phases = new Map<number, PhaseCounts>();
  readonly windows = new Map<number, WindowFigures>();
  readonly problems: string[] = [];
  requests = 0;
  unexplainedErrors = 0;
  unexplainedLacks = 0;

  constructor(
    private readonly book: FaultBook,
    readonly windowMs: number,
  ) {}

  record(o: Outcome): void {
    const phase = this.book.phaseAt(o.startedAt);
    const counts = this.phaseCounts(phase.index, phase.name);
    this.requests++;
    counts.requests++;
    const key = o.status !== undefined ? String(o.status) : (o.error ?? 'no answer');
    counts.statuses.set(key, (counts.statuses.get(key) ?? 0) + 1);
    if (o.status !== undefined)
      this.window(Math.floor(o.startedAt / this.windowMs)).latencies.push(o.endedAt - o.startedAt);
    if (o.failed) {
      if (this.book.explains(o.dependsOn, o.startedAt, o.endedAt)) counts.explainedErrors++;
      else {
        counts.unexplainedErrors++;
        this.unexplainedErrors++;
        this.problem(o, `${key}${o.error && o.status !== undefined ? ` (${o.error})` : ''}`);
      }
    }
    for (const target of o.lacked) {
      if (this.book.explains([target], o.startedAt, o.endedAt)) counts.explainedLacks++;
      else {
        counts.unexplainedLacks++;
        this.unexplainedLacks++;
        this.problem(o, `answer without source ${target}, which was up`);
      }
    }
  }

  /** The figures of window `index` (made on first use). */
  window(index: number): WindowFigures {
    let w = this.windows.get(index);
    if (!w) this.windows.set(index, (w = { index, latencies: [] }));
    return w;
  }

  /** Adds a sample of the daemon's process figures to window `index`; `late`: taken in its second half. */
  sample(index: number, s: { rss: number; fds: number; heap?: HeapAfterGc }, late: boolean): WindowFigures {
    const w = this.window(index);
    w.rss = s.rss;
    if (late) {
      w.rssLow = Math.min(w.rssLow ?? s.rss, s.rss);
      w.rssHigh = Math.max(w.rssHigh ?? s.rss, s.rss);
    }
    w.fds = s.fds;
    if (s.heap !== undefined) w.heap = s.heap;
    return w;
  }

  /** p50 and p99 of the answered requests of a window, in ms. */
  static latency(w: WindowFigures): { p50: number; p99: number } {
    return { p50: percentile(w.latencies, 50), p99: percentile(w.latencies, 99) };
  }

  private phaseCounts(index: number, name: string): PhaseCounts {
    let c = this.phases.get(index);
    if (!c) {
      c = {
        name,
        requests: 0,
        statuses: new Map(),
        explainedErrors: 0,
        unexplainedErrors: 0,
        explainedLacks: 0,
        unexplainedLacks: 0,
      };
      this.phases.set(index, c);
    }
    return c;
  }

  private problem(o: Outcome, what: string): void {
    if (this.problems.length < 30) {
      this.problems.push(
        `${(o.startedAt / 1000).toFixed(1)} s ${o.kind}: ${what} (${Math.round(o.endedAt - o.startedAt)} ms)`,
      );
    }
  }
}

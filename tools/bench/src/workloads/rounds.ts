import type { Bench } from '../bench.js';

/** One load against the ceiling. */
export type Run = Awaited<ReturnType<Bench['loadAgainstCeiling']>>;

/** Rounds of a comparison taken in turn (the machine drifts between loads): one in a quick run. */
export function rounds(bench: Bench): number {
  return bench.options.quick ? 1 : 3;
}

/** The mean of runs: requests/s, latencies and CPU time averaged, errors added up. */
export function meanRun(runs: readonly Run[]): Run {
  const mean = (f: (r: Run) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  const first = runs[0].load;
  return {
    ceilingRps: mean((r) => r.ceilingRps),
    load: {
      ...first,
      rps: mean((r) => r.load.rps),
      requests: runs.reduce((s, r) => s + r.load.requests, 0),
      p50: Math.round(mean((r) => r.load.p50) * 10) / 10,
      p99: Math.round(mean((r) => r.load.p99) * 10) / 10,
      max: Math.max(...runs.map((r) => r.load.max)),
      errors: runs.reduce((s, r) => s + r.load.errors, 0),
      cpuUsPerRequest: mean((r) => r.load.cpuUsPerRequest ?? 0),
    },
  };
}

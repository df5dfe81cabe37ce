/** The figures a run is judged by. */
export interface RunFigures {
  readonly minutes: number;
  readonly requests: number;
  readonly unexplainedErrors: number;
  readonly lostWrites: number;
  /** RSS growth from the end of the first window to the end, in percent. */
  readonly rssGrowth: number;
  /** Each restarted server's time from up again to back in use (undefined: never came back). */
  readonly recoveries: readonly { readonly kind: string; readonly ms: number | undefined }[];
  /** Answers that lacked a source that was up. */
  readonly unexplainedLacks: number;
  /** The shutdown under load: requests accepted and not answered, exit code, and whether it exited in time. */
  readonly shutdown: { readonly unanswered: number; readonly exitCode: number | null; readonly inTime: boolean };
  /** Checks that failed along the way (a SIGHUP after which the daemon did not answer, a reload not served). */
  readonly failedChecks: readonly string[];
}

/** The longest a restarted server may take to be used again (issue 20), and the RSS growth allowed. */
export const RECOVERY_LIMIT_MS = 5000;
export const RSS_GROWTH_LIMIT = 10;

/** The last line of a run, exactly as scripts read it. */
export function finalLine(f: RunFigures): string {
  return (
    `soak: minutes=${f.minutes} requests=${f.requests} unexplained_errors=${f.unexplainedErrors} ` +
    `lost_writes=${f.lostWrites} rss_growth=${f.rssGrowth.toFixed(1)}%`
  );
}

/** Why a run fails (empty: it passes). */
export function failures(f: RunFigures): string[] {
  const why: string[] = [];
  if (f.unexplainedErrors > 0) why.push(`${f.unexplainedErrors} errors not explained by a fault`);
  if (f.unexplainedLacks > 0) why.push(`${f.unexplainedLacks} answers lacked a source that was up`);
  if (f.lostWrites > 0) why.push(`${f.lostWrites} acknowledged writes lost`);
  if (!(f.rssGrowth < RSS_GROWTH_LIMIT)) why.push(`RSS grew ${f.rssGrowth.toFixed(1)}% (limit ${RSS_GROWTH_LIMIT}%)`);
  for (const r of f.recoveries) {
    if (r.ms === undefined) why.push(`${r.kind}: the daemon did not use it again`);
    else if (r.ms > RECOVERY_LIMIT_MS) why.push(`${r.kind}: back in use after ${r.ms} ms (limit ${RECOVERY_LIMIT_MS})`);
  }
  if (f.shutdown.unanswered > 0) why.push(`shutdown: ${f.shutdown.unanswered} accepted requests not answered`);
  if (f.shutdown.exitCode !== 0) why.push(`shutdown: exit code ${f.shutdown.exitCode}`);
  if (!f.shutdown.inTime) why.push('shutdown: not within shutdown_timeout');
  why.push(...f.failedChecks);
  return why;
}

/** RSS growth in percent from `baseline` to `last` (0 without a baseline). */
export function growthPercent(baseline: number | undefined, last: number | undefined): number {
  if (!baseline || last === undefined) return 0;
  return ((last - baseline) / baseline) * 100;
}

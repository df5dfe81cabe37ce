import { FaultBook, type FaultRecord } from './fault-book.js';
import type { ShutdownResult } from './shutdown.js';
import { unanswered } from './shutdown-tally.js';
import { Tally, type PhaseCounts, type WindowFigures } from './tally.js';

const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)}` : '-');

/** One line per phase: requests, answers by status, errors and missing sources, explained or not. */
export function phaseLines(book: FaultBook, tally: Tally): string[] {
  const lines = [
    'phase                      requests  answers by status               errors (unexpl.)  lacking a source (unexpl.)',
  ];
  for (const phase of book.phases) {
    const c: PhaseCounts | undefined = tally.phases.get(phase.index);
    if (!c) continue;
    const statuses = [...c.statuses]
      .sort()
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    const name = `${String(phase.index).padStart(2)} ${c.name}`;
    lines.push(
      `${name.padEnd(26)} ${String(c.requests).padStart(8)}  ${statuses.padEnd(30)}  ` +
        `${String(c.explainedErrors + c.unexplainedErrors).padStart(5)} (${c.unexplainedErrors})      ` +
        `${String(c.explainedLacks + c.unexplainedLacks).padStart(5)} (${c.unexplainedLacks})`,
    );
  }
  return lines;
}

/** One line per window: requests answered, p50 and p99 (ms), the daemon's RSS and open handles at its end. */
export function windowLines(tally: Tally, windowLabel: string): string[] {
  const lines = [
    `${windowLabel.padEnd(8)} answered   p50 ms   p99 ms   RSS lowest  RSS highest   handles   heap after full GC`,
  ];
  const windows: WindowFigures[] = [...tally.windows.values()].sort((a, b) => a.index - b.index);
  for (const w of windows) {
    const { p50, p99 } = Tally.latency(w);
    lines.push(
      `${String(w.index + 1).padStart(6)}   ${String(w.latencies.length).padStart(8)} ${ms(p50).padStart(8)} ${ms(p99).padStart(8)} ` +
        `${mb(w.rssLow).padStart(11)} ${mb(w.rssHigh).padStart(12)} ${String(w.fds ?? '-').padStart(9)}   ` +
        `${w.heap ? `${w.heap.usedMb} MB (of ${w.heap.committedMb} MB)` : '-'}`,
    );
  }
  return lines;
}

/** One line per fault: when, how long its server took to be up, and to be used again. */
export function faultLine(f: FaultRecord): string {
  const at = `${(f.startedAt / 1000).toFixed(1)} s`;
  const up = f.upAt === undefined ? 'never up' : `up after ${((f.upAt - f.startedAt) / 1000).toFixed(1)} s`;
  const rec = FaultBook.recoveryMs(f);
  const back = rec === undefined ? 'NOT back in use' : `back in use ${Math.round(rec)} ms later`;
  return `${at.padStart(8)}  ${f.kind.padEnd(16)} ${up}, ${back}${f.note ? `; ${f.note}` : ''}`;
}

/** The shutdown-under-load figures. */
export function shutdownLines(r: ShutdownResult, connections: number, graceS: number): string[] {
  const c = r.counts;
  const answered = [...c.answered]
    .sort()
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  return [
    `shutdown under load (${connections} connections, SIGTERM, shutdown_timeout ${graceS} s):`,
    `  requests sent ${c.sent}; answered ${answered || 'none'}; refused at connect after the listener closed ${c.refused}`,
    `  kept-alive connection closed as idle as the request went out (never read; a client retries) ${c.idleCloseRaces}` +
      (c.idleCloseRaces > 0 ? `, each ended within ${c.slowestRaceMs.toFixed(1)} ms of its sending` : ''),
    `  accepted and not answered: ${unanswered(c)} (reset or closed ${c.dropped}, no answer in time ${c.timedOut})`,
    `  exit code ${r.exitCode} after ${(r.exitMs / 1000).toFixed(2)} s`,
  ];
}

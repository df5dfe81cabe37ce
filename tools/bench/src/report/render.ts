import type { Bench } from '../bench.js';
import type { Machine } from './machine.js';
import { evaluateTargets, ratio } from './targets.js';

const mib = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 2 ** 20)} MiB` : '');

/** The ceiling's runs as one row: their mean, and the range in the notes. */
function ceilingRow(bench: Bench): string | undefined {
  const runs = bench.ceilingRuns;
  if (runs.length === 0) return undefined;
  const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  const rps = runs.map((r) => Math.round(r.rps));
  return (
    `| ceiling: bare Fastify, one route, fixed JSON | Fastify | ${Math.round(mean((r) => r.rps))} | 100% | ` +
    `${mean((r) => r.p50).toFixed(1)} | ${mean((r) => r.p99).toFixed(1)} | ${runs.reduce((s, r) => s + r.errors, 0)} | ` +
    `${mean((r) => r.cpuUsPerRequest ?? 0).toFixed(0)} | ${mib(bench.facts.get('ceiling-peak-rss'))} | ` +
    `mean of ${runs.length} runs, one before each load of dird (${Math.min(...rps)}–${Math.max(...rps)} req/s) |`
  );
}

/** The results table: one row a measurement, ratios to the ceiling measured just before it (or to the direct client). */
export function resultsTable(bench: Bench): string {
  const lines = [
    '| Workload | Served by | req/s | vs ceiling | p50 ms | p99 ms | errors | CPU µs/req | peak RSS | notes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const ceiling = ceilingRow(bench);
  if (ceiling) lines.push(ceiling);
  for (const m of bench.measurements) {
    const r = ratio(bench, m);
    const base = m.comparedTo ? ` of ${m.comparedTo}` : m.ceilingRps ? ` of ${Math.round(m.ceilingRps)}` : '';
    const vs = r === undefined ? '' : `${Math.round(r * 100)}%${base}`;
    const l = m.load;
    lines.push(
      `| ${m.title} | ${m.server} | ${Math.round(l.rps)} | ${vs} | ${l.p50} | ${l.p99} | ${l.errors} | ` +
        `${l.cpuUsPerRequest?.toFixed(0) ?? ''} | ${mib(m.peakRss)} | ${m.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** The targets table. */
export function targetsTable(bench: Bench): string {
  const lines = ['| Target | Measured | Verdict |', '|---|---:|---|'];
  for (const t of evaluateTargets(bench)) lines.push(`| ${t.target} | ${t.measured} | ${t.verdict} |`);
  return lines.join('\n');
}

/** Load cost lines (time and memory to load the CSV files, from the daemon's own log). */
function loadCosts(bench: Bench): string[] {
  const out: string[] = [];
  for (const label of ['100k', '1M']) {
    const ms = bench.facts.get(`load-${label}-ms`);
    if (ms === undefined) continue;
    out.push(
      `- ${label}-row CSV: loaded (parsed and indexed) in ${(ms / 1000).toFixed(2)} s; RSS once ready ` +
        `${mib(bench.facts.get(`load-${label}-rss`))}, peak ${mib(bench.facts.get(`load-${label}-peak-rss`))}` +
        reloadCost(bench, label),
    );
  }
  return out;
}

/** The reload of a load cost line, when it was measured: reloaded beside the version in service. */
function reloadCost(bench: Bench, label: string): string {
  const ms = bench.facts.get(`reload-${label}-ms`);
  if (ms === undefined) return '.';
  const peak = mib(bench.facts.get(`reload-${label}-peak-rss`));
  return `; reloaded once changed in ${(ms / 1000).toFixed(2)} s, peak RSS ${peak} (both versions held until the swap).`;
}

/** The whole results section: machine, settings, load costs, table, targets, what was skipped. */
export function resultsSection(bench: Bench, machine: Machine): string {
  const o = bench.options;
  return [
    `Measured on ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, ` +
      `Node ${machine.node}, autocannon ${machine.autocannon}. Pinning: ${machine.pinning}.`,
    '',
    `Each load: ${o.connections} connections, ${o.warmupS} s of warm-up thrown away, then ${o.durationS} s measured` +
      `${o.quick ? ' (--quick: a smoke run, not for comparing)' : ''}. The ceiling runs beside the daemons and is ` +
      'measured right before each load of dird; "vs ceiling" is the ratio to that run.',
    '',
    `Other processes kept at most ${Math.round((bench.facts.get('busy-max') ?? 0) * 100)}% of the CPUs busy between ` +
      'workloads (sampled 1 s before each; above a few % the figures are low and noisy).',
    '',
    ...loadCosts(bench),
    ...(bench.skipped.length ? ['', ...bench.skipped.map((s) => `- ${s.group}: skipped: ${s.why}`)] : []),
    '',
    resultsTable(bench),
    '',
    targetsTable(bench),
  ].join('\n');
}

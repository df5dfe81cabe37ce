import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { workset } from '../data/workset.js';
import type { LoadResult } from '../load/load-spec.js';
import { startDird } from '../servers/start.js';
import { csvSource, dirdConfig, HANG_TIMEOUT_S, hangingSource, lookupPaths } from './configs.js';
import { meanResults, verifyLookups } from './verify.js';

const SOURCES = [
  { name: 'csv_a', count: 100_000, seed: 11 },
  { name: 'csv_b', count: 100_000, seed: 12 },
  { name: 'csv_c', count: 100_000, seed: 13 },
];

/**
 * Profiles of several sources, in one daemon: `three` (3 CSV sources), `healthy` (2 of them) and `hanging`
 * (the same 2 plus a source that never answers, under a {@link HANG_TIMEOUT_S} s timeout). Measures the
 * 3-source lookup, then `healthy` alone, then `hanging` and `healthy` driven at the same time: a hanging
 * source must not slow the profiles that do not use it.
 */
export async function csvProfileWorkloads(bench: Bench): Promise<void> {
  const files = await Promise.all(SOURCES.map((s) => directoryFile(s.count, s.seed)));
  const three = await workset(SOURCES);
  const two = await workset(SOURCES.slice(0, 2));
  const hang = await hangingSource();
  const sources = Object.fromEntries(SOURCES.map((s, i) => [s.name, csvSource(files[i])]));
  const config = dirdConfig({
    sources: { ...sources, hang: hang.block },
    backends: ['csv', hang.backend],
    lookup: {
      three: { sources: ['csv_a', 'csv_b', 'csv_c'], timeout: 1 },
      healthy: { sources: ['csv_a', 'csv_b'], timeout: HANG_TIMEOUT_S },
      hanging: { sources: ['csv_a', 'csv_b', 'hang'], timeout: HANG_TIMEOUT_S },
    },
  });
  const dir = await bench.folder('csv-profiles');
  const daemon = await startDird({ config, dir, cpuProfile: bench.options.cpuProfile }).catch(async (err) => {
    await hang.close();
    throw err;
  });
  try {
    await verifyLookups(daemon.url, 'three', three.terms.slice(0, 30));
    await verifyLookups(daemon.url, 'healthy', two.terms.slice(0, 30));
    await verifyLookups(daemon.url, 'hanging', two.terms.slice(0, 3));
    const threeLoad = await bench.loadAgainstCeiling(daemon, lookupPaths('three', three.terms));
    const alone = await bench.loadAgainstCeiling(daemon, lookupPaths('healthy', two.terms));
    // The hanging profile's latency is taken alone: driven beside the other load, its load process shares
    // the load core with one that keeps it busy, and would time itself as much as dird.
    const hanging = await bench.loadAgainstCeiling(daemon, lookupPaths('hanging', two.terms));
    const ceilingRps = await bench.measureCeiling();
    // Driven at once, the two loads share the daemon's CPU time: no per-request figure for them.
    const [hangingMeanwhile, during] = (
      await Promise.all([
        bench.load(daemon, lookupPaths('hanging', two.terms)),
        bench.load(daemon, lookupPaths('healthy', two.terms)),
      ])
    ).map((l) => ({ ...l, cpuUsPerRequest: undefined }));
    // Alone again: the throughput kept is judged against both runs alone, around the run at once, so a
    // drift of the machine in between is not taken for an effect of the hanging source.
    const aloneAfter = await bench.loadAgainstCeiling(daemon, lookupPaths('healthy', two.terms));
    const peakRss = (await daemon.memory()).peakRss;
    const note = `2 × 100k CSV, mean ${meanResults(two.terms)} results`;
    // Whether the load core kept up: two load processes share it in the run at once.
    const loadCore = (...loads: LoadResult[]) =>
      `load core ${Math.round(loads.reduce((s, l) => s + (l.loadCpuShare ?? 0), 0) * 100)}% busy`;
    const rows = [
      {
        id: 'lookup-3csv',
        title: 'lookup, 3 CSV sources (3 × 100k)',
        ...threeLoad,
        note: `mean ${meanResults(three.terms)} results`,
      },
      {
        id: 'healthy-alone',
        title: 'lookup, 2 CSV sources, nothing hangs',
        ...alone,
        note: `${note}; ${loadCore(alone.load)}`,
      },
      {
        id: 'hanging',
        title: `lookup, 1 of 3 sources hangs (timeout ${HANG_TIMEOUT_S} s)`,
        ...hanging,
        note: `the hanging source: ${hang.backend}`,
      },
      {
        id: 'hanging-meanwhile',
        title: 'the same, while the 2-source profile is driven too',
        load: hangingMeanwhile,
        ceilingRps,
        note: 'its load process shares the load core with the other',
      },
      {
        id: 'healthy-during-hang',
        title: 'lookup, 2 CSV sources, while another profile hangs',
        load: during,
        ceilingRps,
        note: `both driven at once, ${bench.options.connections} connections each; ${loadCore(hangingMeanwhile, during)}`,
      },
      {
        id: 'healthy-alone-after',
        title: 'lookup, 2 CSV sources, nothing hangs (again)',
        ...aloneAfter,
        note: `${note}; ${loadCore(aloneAfter.load)}`,
      },
    ];
    for (const row of rows) bench.record({ server: 'dird', peakRss, ...row });
  } finally {
    await daemon.stop();
    await hang.close();
  }
}

import path from 'node:path';
import type { Bench } from '../bench.js';
import type { DirectClientModule } from '../direct/direct-client.js';
import { driveDirect } from '../load/drive.js';
import { startDird } from '../servers/start.js';
import { lookupPaths } from './configs.js';

/**
 * Seconds: the profile timeout and the source's own query timeout in the comparison, long enough for every
 * search to finish under load (the direct client waits as long as it takes).
 */
export const LONG_TIMEOUT_S = 30;

/** One backend compared with its client library used straight. */
export interface Comparison {
  /** `ldap`, `mysql`: the group, and the ids `<group>-dird` and `<group>-direct`. */
  readonly group: string;
  /** What was searched, for the table: `10,000 entries in slapd`. */
  readonly data: string;
  /** The client library: `ldapjs`, `mysql2`. */
  readonly library: string;
  /**
   * A daemon config with a lookup profile `default` holding the one source. Its deadlines (profile timeout,
   * the source's own timeouts) must be long enough for the whole search, as the direct client has none: an
   * answer cut at a deadline is cheaper than the search, and would make dird look faster than it is.
   */
  readonly dirdConfig: Record<string, unknown>;
  readonly terms: readonly string[];
  /** File name, in ../direct/, of the module that issues the same searches straight. */
  readonly directModule: string;
  readonly directConfig: unknown;
}

/**
 * The same searches through dird (autocannon against the daemon, whose source queries the server) and
 * straight through the client library (a closed loop of as many searches in flight as connections). Before
 * measuring, both must find the same number of entries for a sample of terms.
 */
export async function compareWithDirect(bench: Bench, c: Comparison): Promise<void> {
  const modulePath = path.join(import.meta.dirname, '..', 'direct', c.directModule);
  const client = await ((await import(modulePath)) as DirectClientModule).open(c.directConfig);
  const dir = await bench.folder(c.group);
  const daemon = await startDird({ config: c.dirdConfig, dir, cpuProfile: bench.options.cpuProfile });
  try {
    const paths = lookupPaths(
      'default',
      c.terms.map((term) => ({ term })),
    );
    for (let i = 0; i < Math.min(20, c.terms.length); i++) {
      const body = (await (await fetch(daemon.url + paths[i])).json()) as { results?: unknown[] };
      const expected = await client.search(c.terms[i]);
      if (body.results?.length !== expected) {
        throw new Error(
          `bench: ${c.group}: dird found ${body.results?.length} for ${c.terms[i]}, ${c.library} ${expected}`,
        );
      }
    }
    const load = await bench.load(daemon, paths);
    // The lookup service logs each source it drops (timed out, failed): such answers are incomplete.
    const drops = daemon.output().match(/ dropped: [^"\n]*/g) ?? [];
    bench.record({
      id: `${c.group}-dird`,
      title: `lookup through dird, ${c.data}`,
      server: 'dird',
      load,
      comparedTo: `${c.group}-direct`,
      note:
        drops.length > 0
          ? `INCOMPLETE: the source was dropped in some answers (${drops.length} log lines, the first:${drops[0]!.slice(9, 130)})`
          : undefined,
      peakRss: (await daemon.memory()).peakRss,
    });
  } finally {
    await daemon.stop();
    await client.close();
  }
  const { connections, durationS, warmupS } = bench.options;
  const direct = await driveDirect({
    module: modulePath,
    config: c.directConfig,
    terms: c.terms,
    concurrency: connections,
    durationS,
    warmupS,
  });
  bench.record({
    id: `${c.group}-direct`,
    title: `same searches straight with ${c.library}, ${c.data}`,
    server: c.library,
    load: direct,
    note: `${connections} searches in flight`,
  });
}

import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { workset, type LookupTerm } from '../data/workset.js';
import { startDird } from '../servers/start.js';
import { csvSource, dirdConfig, lookupPaths, USER_UUID } from './configs.js';
import { meanResults, verifyLookups } from './verify.js';

/** The bench directory the phone lookups search (the csv-100k one, cached). */
const DIRECTORY = { count: 100_000, seed: 1 };

/** The daemon of the phone workload: profile `default` served in JSON and to Cisco phones. */
function phoneConfig(file: string): Record<string, unknown> {
  const config = dirdConfig({
    sources: { contacts: csvSource(file) },
    lookup: { default: { sources: ['contacts'], timeout: 1 } },
  });
  (config.enabled_plugins as { views: string[] }).views.push('cisco_view');
  Object.assign(config.views as object, {
    displays_phone: {
      default: {
        name: ['name'],
        number: [{ field: ['phone'] }, { field: ['mobile'], name_format: '{name} (Mobile)' }],
      },
    },
    profile_to_display_phone: { default: 'default' },
  });
  return config;
}

/** Cisco lookup paths, one per term. */
function ciscoPaths(terms: readonly LookupTerm[]): string[] {
  return terms.map((t) => `/0.1/directories/lookup/default/${USER_UUID}/cisco?term=${encodeURIComponent(t.term)}`);
}

/** Before measuring: each Cisco lookup answers a directory document holding at least one entry. */
async function verifyCisco(url: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const res = await fetch(url + path, { signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    const entries = body.match(/<DirectoryEntry>/g)?.length ?? 0;
    if (res.status !== 200 || !body.includes('</CiscoIPPhoneDirectory>') || entries < 1 || entries > 16) {
      throw new Error(`bench: ${path} answered ${res.status} with ${entries} entries: ${body.slice(0, 200)}`);
    }
  }
}

/**
 * The same lookups asked in JSON and by a Cisco phone, in one daemon (100k CSV): JSON, Cisco, JSON again.
 * The Cisco answer costs the phone formatting (one entry per number, sorted) and XML; it is judged against
 * the mean of the JSON runs around it, so that a drift of the machine is not taken for the cost of XML.
 */
export async function phoneWorkloads(bench: Bench): Promise<void> {
  const file = await directoryFile(DIRECTORY.count, DIRECTORY.seed);
  const set = await workset([DIRECTORY]);
  const dir = await bench.folder('phone');
  const daemon = await startDird({ config: phoneConfig(file), dir, cpuProfile: bench.options.cpuProfile });
  try {
    await verifyLookups(daemon.url, 'default', set.terms.slice(0, 30));
    await verifyCisco(daemon.url, ciscoPaths(set.terms.slice(0, 30)));
    const json = await bench.loadAgainstCeiling(daemon, lookupPaths('default', set.terms));
    const cisco = await bench.loadAgainstCeiling(daemon, ciscoPaths(set.terms));
    const jsonAfter = await bench.loadAgainstCeiling(daemon, lookupPaths('default', set.terms));
    const peakRss = (await daemon.memory()).peakRss;
    const note = `100k CSV, mean ${meanResults(set.terms)} results`;
    bench.record({
      id: 'phone-json',
      title: 'lookup in JSON (beside the phone view)',
      server: 'dird',
      peakRss,
      note,
      ...json,
    });
    // CPU time per request holds when other processes share the machine, where requests/s does not.
    const jsonCpu = ((json.load.cpuUsPerRequest ?? 0) + (jsonAfter.load.cpuUsPerRequest ?? 0)) / 2;
    const cpuShare =
      cisco.load.cpuUsPerRequest && jsonCpu ? Math.round((cisco.load.cpuUsPerRequest / jsonCpu) * 100) : undefined;
    bench.record({
      id: 'phone-cisco',
      title: 'the same lookup from a Cisco phone (XML)',
      server: 'dird',
      peakRss,
      note: `${note}; 16 entries a page, an entry per number${cpuShare ? `; CPU per request ${cpuShare}% of JSON's` : ''}`,
      ...cisco,
    });
    bench.record({
      id: 'phone-json-after',
      title: 'lookup in JSON (again)',
      server: 'dird',
      peakRss,
      note,
      ...jsonAfter,
    });
  } finally {
    await daemon.stop();
  }
}

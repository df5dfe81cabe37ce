import { createHash } from 'node:crypto';
import { startWazoAuth } from '@dird/test-servers';
import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { workset } from '../data/workset.js';
import type { ServerProcess } from '../servers/server-process.js';
import { startDird } from '../servers/start.js';
import { csvSource, dirdConfig, lookupPaths } from './configs.js';
import { meanRun, rounds, type Run } from './rounds.js';
import { verifyLookups } from './verify.js';

const SIZE = { name: 'contacts', count: 100_000, seed: 1 };
const TOKEN = 'bench-token-0123456789abcdef0123456789abcdef';
const USER = '2b6f0c3e-8d1a-4f5b-9c7e-1a2b3c4d5e6f';

/** Static tokens as a site would list them: twenty, by their SHA-256; the bench uses the last. */
function staticTokens(): Record<string, unknown>[] {
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const others = Array.from({ length: 19 }, (_, i) => ({
    token_sha256: sha(`another-token-${i}-0123456789abcdef`),
    user_uuid: `user-${i}`,
    acls: ['dird.directories.lookup.#'],
  }));
  return [...others, { token_sha256: sha(TOKEN), user_uuid: USER, acls: ['dird.directories.lookup.*.read'] }];
}

/**
 * The same lookups on the same 100k CSV directory, three times: without authentication, with static tokens,
 * and with tokens checked against wazo-auth (a local stand-in, positive answers kept `cache_ttl` seconds,
 * the default 5): what checking a token and an ACL on every request costs.
 */
export async function authWorkloads(bench: Bench): Promise<void> {
  const file = await directoryFile(SIZE.count, SIZE.seed);
  const set = await workset([SIZE]);
  const paths = lookupPaths('default', set.terms);
  const base = dirdConfig({
    sources: { contacts: csvSource(file) },
    lookup: { default: { sources: ['contacts'], timeout: 1 } },
  });
  const wazo = await startWazoAuth({
    tokens: { [TOKEN]: { auth_id: USER, acl: ['dird.directories.lookup.#'] } },
  });
  const variants = [
    { id: 'lookup-auth-none', title: 'lookup, 100k CSV, no authentication', auth: undefined as object | undefined },
    { id: 'lookup-auth-static', title: 'the same, 20 static tokens (SHA-256)', auth: { tokens: staticTokens() } },
    { id: 'lookup-auth-wazo', title: 'the same, wazo-auth tokens (cache 5 s)', auth: wazo.authConfig() },
  ];
  // All three daemons up at once (idle but for the one driven), driven in turn, round after round: the machine
  // drifts between loads, so each is compared by its mean over the rounds with the others'.
  const daemons: ServerProcess[] = [];
  try {
    for (const variant of variants) {
      const config = variant.auth ? { ...base, auth: variant.auth } : base;
      const daemon = await startDird({
        config,
        dir: await bench.folder(variant.id),
        cpuProfile: bench.options.cpuProfile,
      });
      daemons.push(daemon);
      await verifyLookups(daemon.url, 'default', set.terms.slice(0, 10), headersOf(variant));
    }
    const runs: Run[][] = variants.map(() => []);
    for (let round = 0; round < rounds(bench); round++) {
      for (const [i, variant] of variants.entries()) {
        runs[i].push(await bench.loadAgainstCeiling(daemons[i], paths, headersOf(variant)));
      }
    }
    for (const [i, variant] of variants.entries()) {
      bench.record({
        id: variant.id,
        title: `${variant.title} (mean of ${runs[i].length} runs)`,
        server: 'dird',
        ...meanRun(runs[i]),
        ...(variant.auth ? { comparedTo: 'lookup-auth-none', ceilingRps: undefined } : {}),
        peakRss: (await daemons[i].memory()).peakRss,
        note: variant.auth
          ? 'compared with the same lookup without authentication, runs taken in turn'
          : `${set.terms.length} terms`,
      });
    }
    bench.facts.set('auth-wazo-requests', wazo.requests.length);
  } finally {
    for (const daemon of daemons) await daemon.stop();
    await wazo.close();
  }
}

function headersOf(variant: { auth?: unknown }): Record<string, string> | undefined {
  return variant.auth ? { 'X-Auth-Token': TOKEN } : undefined;
}

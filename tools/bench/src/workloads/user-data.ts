import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createUserStoreDatabase, startMariadb } from '@dird/test-servers';
import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { SEARCHED_COLUMNS, workset, type LookupTerm } from '../data/workset.js';
import { startDird } from '../servers/start.js';
import { csvSource, dirdConfig, lookupPaths } from './configs.js';
import { meanRun, rounds, type Run } from './rounds.js';
import { meanResults } from './verify.js';

/** The one user of the workloads: a static token granting every dird ACL. */
const TOKEN = 'bench-user-token-5d1f0c9e7a3b';
const USER = '3b0c7f4e-0000-4000-8000-00000000be4c';
const HEADERS = { 'X-Auth-Token': TOKEN };
const FAVORITES = 50;
/** The company directory (the lookup workload's) and the user's own contacts (another seed). */
const DIRECTORY = { count: 100_000, seed: 1 };
const PERSONAL = { count: 10_000, seed: 21 };

const auth = { tokens: [{ token: TOKEN, user_uuid: USER, acls: ['dird.#'] }] };
const FAVORITE_COLUMN = { title: 'Favorite', field: 'favorite', type: 'favorite' };

/** The lookup config of the 100k directory with a favorite column, with or without the favorites service. */
function directoryConfig(file: string, favorites: { dbUri: string } | undefined): Record<string, unknown> {
  const config = dirdConfig({
    sources: { contacts: csvSource(file) },
    lookup: { default: { sources: ['contacts'], timeout: 1 } },
  }) as { enabled_plugins: { services: string[] }; views: { displays: { display: object[] } }; services: object };
  // A copy: the display is shared by every workload's config.
  config.views.displays.display = [...config.views.displays.display, FAVORITE_COLUMN];
  if (!favorites) return { ...config, auth };
  config.enabled_plugins.services.push('favorites');
  return {
    ...config,
    auth,
    db_uri: favorites.dbUri,
    services: { ...config.services, favorites: { default: { sources: ['contacts'] } } },
  };
}

/** The config of a profile of the user's personal contacts only. */
function personalConfig(dbUri: string): Record<string, unknown> {
  const config = dirdConfig({
    sources: { personal: { type: 'personal', searched_columns: [...SEARCHED_COLUMNS] } },
    backends: ['personal'],
    lookup: { default: { sources: ['personal'], timeout: 1 } },
  }) as { enabled_plugins: { services: string[]; views: string[] } };
  config.enabled_plugins.services.push('personal');
  config.enabled_plugins.views.push('personal_view');
  return { ...config, auth, db_uri: dbUri };
}

async function send(url: string, method: string, body?: string | Buffer, type?: string): Promise<Response> {
  const headers: Record<string, string> = { ...HEADERS, ...(type ? { 'content-type': type } : {}) };
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`bench: ${method} ${url} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Before measuring: each term answers, for the user, the rows a full scan of the data counts. */
async function verify(url: string, terms: readonly LookupTerm[]): Promise<void> {
  for (const [i, p] of lookupPaths('default', terms).entries()) {
    const body = (await (await send(url + p, 'GET')).json()) as { results: unknown[] };
    if (body.results.length !== terms[i].expected) {
      throw new Error(`bench: ${p} answered ${body.results.length} results; a full scan counts ${terms[i].expected}`);
    }
  }
}

/**
 * Per-user data. Favorites: the 100k-directory lookup, with a favorite column, by a user holding 50 favorites
 * among the results, with the favorites service (SQLite store) and without it. Personal contacts: importing
 * 10,000 contacts (one CSV request), then lookups over them, on SQLite and on MariaDB.
 */
export async function userDataWorkloads(bench: Bench): Promise<void> {
  await favoritesWorkload(bench);
  await personalWorkload(bench, 'sqlite', async () => ({
    dbUri: `sqlite:///${path.join(await bench.folder('personal-sqlite-store'), 'dird.sqlite')}`,
    close: async () => undefined,
  }));
  await personalWorkload(bench, 'mysql', async () => {
    const server = await startMariadb();
    return { dbUri: await createUserStoreDatabase(server, 'dird'), close: () => server.stop() };
  });
}

async function favoritesWorkload(bench: Bench): Promise<void> {
  const file = await directoryFile(DIRECTORY.count, DIRECTORY.seed);
  const set = await workset([DIRECTORY]);
  const dbUri = `sqlite:///${path.join(await bench.folder('favorites-store'), 'dird.sqlite')}`;
  const cpuProfile = bench.options.cpuProfile;
  const without = await startDird({
    config: directoryConfig(file, undefined),
    dir: await bench.folder('fav-off'),
    cpuProfile,
  });
  try {
    const withFavorites = await startDird({
      config: directoryConfig(file, { dbUri }),
      dir: await bench.folder('fav-on'),
      cpuProfile,
    });
    try {
      // The user's 50 favorites: results of the terms the load sends, so lookups do mark them.
      const ids = new Set<string>();
      for (const p of lookupPaths('default', set.terms)) {
        const body = (await (await send(withFavorites.url + p, 'GET')).json()) as {
          results: { relations: { source_entry_id: string } }[];
        };
        for (const r of body.results) if (ids.size < FAVORITES) ids.add(r.relations.source_entry_id);
        if (ids.size >= FAVORITES) break;
      }
      for (const id of ids) await send(`${withFavorites.url}/0.1/directories/favorites/contacts/${id}`, 'PUT');
      await verify(withFavorites.url, set.terms.slice(0, 30));
      const paths = lookupPaths('default', set.terms);
      // Off and on in turn, off first and last: on a machine shared with other work the load changes from one
      // run to the next, and the means of runs taken in turn compare what a single pair would not.
      const off: Run[] = [];
      const on: Run[] = [];
      for (let round = 0; round < rounds(bench); round++) {
        off.push(await bench.loadAgainstCeiling(without, paths, HEADERS));
        on.push(await bench.loadAgainstCeiling(withFavorites, paths, HEADERS));
      }
      off.push(await bench.loadAgainstCeiling(without, paths, HEADERS));
      const note = `100k CSV, mean ${meanResults(set.terms)} results, a favorite column, with a token`;
      bench.record({
        id: 'favorites-off',
        title: `lookup, favorites service off (mean of ${off.length} runs)`,
        server: 'dird',
        ...meanRun(off),
        note: `${note}; runs: ${off.map((r) => Math.round(r.load.rps)).join(', ')} req/s`,
      });
      bench.record({
        id: 'favorites-on',
        title: `lookup, favorites on, ${ids.size} favorites (mean of ${on.length} runs)`,
        server: 'dird',
        ...meanRun(on),
        peakRss: (await withFavorites.memory()).peakRss,
        note: `${note}; SQLite store; runs: ${on.map((r) => Math.round(r.load.rps)).join(', ')} req/s`,
      });
    } finally {
      await withFavorites.stop();
    }
  } finally {
    await without.stop();
  }
}

async function personalWorkload(
  bench: Bench,
  store: 'sqlite' | 'mysql',
  open: () => Promise<{ dbUri: string; close: () => Promise<void> }>,
): Promise<void> {
  const { dbUri, close } = await open();
  try {
    const daemon = await startDird({
      config: personalConfig(dbUri),
      dir: await bench.folder(`personal-${store}`),
      cpuProfile: bench.options.cpuProfile,
    });
    try {
      const csv = await readFile(await directoryFile(PERSONAL.count, PERSONAL.seed));
      const started = performance.now();
      const res = await send(`${daemon.url}/0.1/personal/import`, 'POST', csv, 'text/csv; charset=utf-8');
      const importMs = performance.now() - started;
      const report = (await res.json()) as { created: unknown[]; failed: unknown[] };
      if (report.created.length !== PERSONAL.count) {
        throw new Error(`bench: the import created ${report.created.length} of ${PERSONAL.count} contacts`);
      }
      bench.facts.set(`import-10k-${store}-ms`, importMs);
      process.stdout.write(`  import of ${PERSONAL.count} contacts (${store}): ${Math.round(importMs)} ms\n`);
      const set = await workset([PERSONAL], 300);
      await verify(daemon.url, set.terms.slice(0, 30));
      const load = await bench.loadAgainstCeiling(daemon, lookupPaths('default', set.terms), HEADERS);
      bench.record({
        id: `personal-10k-${store}`,
        title: `lookup, a user's 10,000 personal contacts (${store === 'sqlite' ? 'SQLite' : 'MariaDB'})`,
        server: 'dird',
        ...load,
        peakRss: (await daemon.memory()).peakRss,
        note: `mean ${meanResults(set.terms)} results`,
      });
    } finally {
      await daemon.stop();
    }
  } finally {
    await close();
  }
}

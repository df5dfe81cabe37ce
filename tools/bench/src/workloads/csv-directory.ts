import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { workset, type DirectorySpec } from '../data/workset.js';
import type { ServerProcess } from '../servers/server-process.js';
import { startDird, startReplay } from '../servers/start.js';
import { csvSource, dirdConfig, lookupPaths, reversePaths } from './configs.js';
import { meanResults, verifyLookups, verifyReverse } from './verify.js';

/** One CSV directory size of the benchmark. */
export interface SizeSpec extends DirectorySpec {
  /** `100k`, `1M`. */
  readonly label: string;
  /** Also drive one- and two-letter terms, which match most of the directory. */
  readonly shortTerms?: boolean;
  /** Also measure the answer floor: dird's own answers replayed by a bare Fastify route. */
  readonly floor?: boolean;
}

/**
 * One- and two-letter terms, as a phone sends while someone starts typing: each matches far more rows than
 * the profile's `max_results` (1000 by default), so each answer is one full page of 1000 results.
 */
const SHORT_TERMS = ['a', 'e', 'i', 'o', 'u', 'an', 'ar', 'er', 'in', 'la', 'le', 'ma', 'on', 'ri', 'ou'];
const PAGE = 1000;

function singleSourceConfig(file: string): Record<string, unknown> {
  return dirdConfig({
    sources: { contacts: csvSource(file) },
    lookup: { default: { sources: ['contacts'], timeout: 1 } },
    reverse: { default: { sources: ['contacts'], timeout: 1 } },
  });
}

/**
 * Lookup and reverse on one CSV directory: the daemon is started at warning level, checked on a sample of
 * terms and numbers, then driven with every term, then with every number.
 */
export async function csvDirectoryWorkloads(bench: Bench, size: SizeSpec): Promise<void> {
  const file = await directoryFile(size.count, size.seed);
  const set = await workset([size]);
  const dir = await bench.folder(`csv-${size.label}`);
  const lookupRequests = lookupPaths('default', set.terms);
  const reverseRequests = reversePaths('default', set.numbers);
  let answers: string | undefined;
  const daemon = await startDird({ config: singleSourceConfig(file), dir, cpuProfile: bench.options.cpuProfile });
  try {
    await verifyLookups(daemon.url, 'default', set.terms.slice(0, 30));
    await verifyReverse(daemon.url, 'default', set.numbers.slice(0, 30));
    const lookup = await bench.loadAgainstCeiling(daemon, lookupRequests);
    const reverse = await bench.loadAgainstCeiling(daemon, reverseRequests);
    const short = size.shortTerms ? await shortTermLoad(bench, daemon) : undefined;
    if (size.floor) answers = await recordAnswers(daemon.url, [...lookupRequests, ...reverseRequests], dir);
    const peakRss = (await daemon.memory()).peakRss;
    bench.record({
      id: `lookup-${size.label}`,
      title: `lookup, ${size.label} CSV`,
      server: 'dird',
      ...lookup,
      peakRss,
      note: `${set.terms.length} terms, 1–50 results each (mean ${meanResults(set.terms)})`,
    });
    bench.record({
      id: `reverse-${size.label}`,
      title: `reverse, ${size.label} CSV`,
      server: 'dird',
      ...reverse,
      peakRss,
      note: `${set.numbers.length} numbers, each in another format than stored`,
    });
    if (short) {
      bench.record({
        id: `short-${size.label}`,
        title: `lookup, ${size.label} CSV, one- and two-letter terms`,
        server: 'dird',
        ...short,
        peakRss,
        note:
          `${SHORT_TERMS.length} terms, each a page of ${PAGE} results (max_results), driven by the lean load ` +
          `program (its core ${Math.round((short.load.loadCpuShare ?? 0) * 100)}% busy)`,
      });
    }
  } finally {
    await daemon.stop();
  }
  if (answers) {
    await answerFloor(bench, size, answers, 'lookup', lookupRequests);
    await answerFloor(bench, size, answers, 'reverse', reverseRequests);
  }
}

/** Fetches dird's answer to each path and writes them (path -> answer text) to `dir`/answers.json. */
async function recordAnswers(url: string, paths: readonly string[], dir: string): Promise<string> {
  const answers: Record<string, string> = {};
  for (const p of paths) {
    const res = await fetch(url + p, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`bench: dird answered ${res.status} to ${p}`);
    answers[p] = await res.text();
  }
  const file = path.join(dir, 'answers.json');
  await writeFile(file, JSON.stringify(answers));
  return file;
}

/**
 * The answer floor of one workload: the same requests, answered with dird's own recorded answers by a bare
 * Fastify route. What dird costs above it (CPU per request) is its own work: searching, building, rendering.
 */
async function answerFloor(
  bench: Bench,
  size: SizeSpec,
  answersFile: string,
  kind: 'lookup' | 'reverse',
  paths: readonly string[],
): Promise<void> {
  const replay = await startReplay(answersFile);
  try {
    const run = await bench.loadAgainstCeiling(replay, paths);
    const dird = bench.get(`${kind}-${size.label}`)?.load.cpuUsPerRequest;
    const own =
      dird !== undefined && run.load.cpuUsPerRequest !== undefined ? dird - run.load.cpuUsPerRequest : undefined;
    bench.record({
      id: `floor-${kind}-${size.label}`,
      title: `the same ${kind} answers, replayed by bare Fastify`,
      server: 'Fastify',
      ...run,
      peakRss: (await replay.memory()).peakRss,
      note:
        `the floor of ${kind}-${size.label}: sending dird's answers costs this much` +
        (own === undefined ? '' : `; dird's own work is the other ${Math.round(own)} µs/req`),
    });
  } finally {
    await replay.stop();
  }
}

/**
 * Checks that each short term answers a full page, then drives them all, with the lean load program: at 290 KB
 * an answer, autocannon's core (decoding each body into a string) is full before dird's (finding 22).
 */
async function shortTermLoad(bench: Bench, daemon: ServerProcess) {
  const terms = SHORT_TERMS.map((term) => ({ term, expected: PAGE }));
  await verifyLookups(daemon.url, 'default', terms);
  return bench.loadAgainstCeiling(daemon, lookupPaths('default', terms), undefined, 'lean');
}

/**
 * The time and memory to load a CSV directory: the daemon (at info level, for its load line) is started
 * and stopped; the time is the one it logs (parse + index), the memory its RSS once ready and its peak.
 */
export async function csvLoadCost(bench: Bench, size: SizeSpec): Promise<void> {
  const file = await directoryFile(size.count, size.seed);
  const dir = await bench.folder(`load-${size.label}`);
  const daemon = await startDird({ config: singleSourceConfig(file), dir, logLevel: 'info' });
  try {
    const [, rows, ms, prepared] = await daemon.waitForOutput(
      /"msg":"loaded (\d+) rows from [^"]* in (\d+) ms(?: \(entries prepared for \d+ display\(s\): ([\d.]+) MiB\))?"/,
      5000,
    );
    const memory = await daemon.memory();
    if (Number(rows) !== size.count) throw new Error(`bench: the daemon loaded ${rows} rows of ${size.count}`);
    bench.facts.set(`load-${size.label}-ms`, Number(ms));
    bench.facts.set(`load-${size.label}-rss`, memory.rss);
    bench.facts.set(`load-${size.label}-peak-rss`, memory.peakRss);
    process.stdout.write(
      `  load ${size.label} CSV: ${ms} ms, RSS ${mib(memory.rss)} MiB (peak ${mib(memory.peakRss)} MiB)` +
        `${prepared ? `, of which entries prepared for the display ${prepared} MiB` : ''}\n`,
    );
    // A changed file is reloaded beside the version in service, which answers until the new one is ready: the
    // peak of a reload is what a host must have room for (operations.md, "Memory").
    const now = new Date();
    await utimes(file, now, now);
    const [, reloadMs] = await daemon.waitForOutput(/"msg":"reloaded \d+ rows from [^"]* in (\d+) ms/, 60_000);
    const reloaded = await daemon.memory();
    bench.facts.set(`reload-${size.label}-ms`, Number(reloadMs));
    bench.facts.set(`reload-${size.label}-peak-rss`, reloaded.peakRss);
    process.stdout.write(
      `  reload ${size.label} CSV (file touched): ${reloadMs} ms, peak RSS ${mib(reloaded.peakRss)} MiB\n`,
    );
  } finally {
    await daemon.stop();
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

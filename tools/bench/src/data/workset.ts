import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fold } from '@dird/core';
import { formatNumber, Random, type Contact } from '@dird/datagen';
import { benchContacts, CACHE_DIR, DATA_VERSION } from './directory.js';

/** One directory of the benchmark: `count` bench contacts of `seed`. */
export interface DirectorySpec {
  readonly count: number;
  readonly seed: number;
}

/** A lookup term and the number of rows that hold it (counted by a full scan of the data). */
export interface LookupTerm {
  readonly term: string;
  readonly expected: number;
}

/** A number of the data written in another format than stored, and the name a reverse lookup must show. */
export interface ReverseNumber {
  readonly exten: string;
  readonly display: string;
}

/** What the lookup and reverse workloads send, chosen from the data. */
export interface Workset {
  readonly terms: readonly LookupTerm[];
  readonly numbers: readonly ReverseNumber[];
}

/** The columns the benchmark's sources search (the bundled demo's). */
export const SEARCHED_COLUMNS = ['firstname', 'lastname', 'company'] as const;
const NUMBER_COLUMNS = ['phone', 'mobile'] as const;
const MIN_RESULTS = 1;
const MAX_RESULTS = 50;
const WORKSET_VERSION = 1;

/**
 * Terms (3–6 letter fragments of names, accents kept) that each answer 1–50 rows of `dirs` together, and
 * numbers of the first directory in a different format than stored; cached beside the data.
 */
export async function workset(dirs: readonly DirectorySpec[], size = 1000): Promise<Workset> {
  const key = dirs.map((d) => `${d.count}-s${d.seed}`).join('+');
  const file = path.join(CACHE_DIR, `workset-${key}-n${size}-v${DATA_VERSION}.${WORKSET_VERSION}.json`);
  const cached = await readFile(file, 'utf8').catch(() => null);
  if (cached) return JSON.parse(cached) as Workset;
  const r = new Random(dirs.reduce((s, d) => s * 31 + d.seed, 7));
  const rows = dirs.reduce((n, d) => n + d.count, 0);
  const candidates = new Map<string, string>();
  const sampled = new Map<string, { style: number; display?: string }>();
  const rate = Math.min(1, (size * 40) / rows);
  eachContact(dirs, (c, dir) => {
    if (r.next() < rate) {
      const term = nameFragment(c, r);
      if (term && !candidates.has(fold(term))) candidates.set(fold(term), term);
    }
    if (dir === 0 && r.next() < rate) {
      const stored = r.int(4) === 0 && c.mobile ? c.mobile : c.phone;
      sampled.set(lineOf(stored), { style: storedStyle(stored) });
    }
  });
  const counts = countRows(dirs, candidates, (c, dir) => {
    if (dir > 0) return;
    for (const column of NUMBER_COLUMNS) {
      const entry = c[column] ? sampled.get(lineOf(c[column])) : undefined;
      if (entry && entry.display === undefined) entry.display = `${c.firstname} ${c.lastname}`.trim();
    }
  });
  const chosen: Workset = {
    terms: pickTerms(candidates, counts, size, r),
    numbers: [...sampled]
      .slice(0, size)
      .map(([line, { style, display }]) => ({ exten: formatNumber(line, style + 1 + r.int(5)), display: display! })),
  };
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(`${file}.partial`, JSON.stringify(chosen));
  await rename(`${file}.partial`, file);
  return chosen;
}

function eachContact(dirs: readonly DirectorySpec[], visit: (c: Contact, dir: number) => void): void {
  dirs.forEach((d, i) => {
    for (const c of benchContacts(d.count, d.seed)) visit(c, i);
  });
}

/** A 3–6 letter run inside a first or last name, as written in the data (accents and case kept). */
function nameFragment(c: Contact, r: Random): string | undefined {
  const name = r.int(5) === 0 ? c.firstname : c.lastname;
  const words = name.split(/\P{L}+/u).filter((w) => w.length >= 3);
  if (words.length === 0) return undefined;
  const word = r.pick(words);
  const length = 3 + r.int(Math.min(6, word.length) - 2);
  const start = r.int(word.length - length + 1);
  return word.slice(start, start + length);
}

/**
 * Rows of `dirs` whose searched columns contain each folded candidate: a full scan, independent of dird's
 * index; `alsoVisit` sees every contact of the same pass.
 */
function countRows(
  dirs: readonly DirectorySpec[],
  candidates: ReadonlyMap<string, string>,
  alsoVisit: (c: Contact, dir: number) => void,
): Map<string, number> {
  const counts = new Map<string, number>();
  const lengths = [...new Set([...candidates.keys()].map((k) => k.length))];
  // Names and companies repeat: the candidates inside each distinct value are found once.
  const inside = new Map<string, readonly string[]>();
  const candidatesIn = (value: string): readonly string[] => {
    let found = inside.get(value);
    if (!found) {
      const text = fold(value);
      const parts = new Set<string>();
      for (const n of lengths) {
        for (let i = 0; i + n <= text.length; i++) {
          const part = text.slice(i, i + n);
          if (candidates.has(part)) parts.add(part);
        }
      }
      found = [...parts];
      inside.set(value, found);
    }
    return found;
  };
  const hits = new Set<string>();
  eachContact(dirs, (c, dir) => {
    alsoVisit(c, dir);
    hits.clear();
    for (const column of SEARCHED_COLUMNS) for (const part of candidatesIn(c[column])) hits.add(part);
    for (const h of hits) counts.set(h, (counts.get(h) ?? 0) + 1);
  });
  return counts;
}

/** Terms with 1–50 rows, a third each from the few (1–3), some (4–12) and many (13–50) results, shuffled. */
function pickTerms(
  candidates: ReadonlyMap<string, string>,
  counts: ReadonlyMap<string, number>,
  size: number,
  r: Random,
): LookupTerm[] {
  const buckets: LookupTerm[][] = [[], [], []];
  for (const [folded, term] of candidates) {
    const expected = counts.get(folded) ?? 0;
    if (expected < MIN_RESULTS || expected > MAX_RESULTS) continue;
    buckets[expected <= 3 ? 0 : expected <= 12 ? 1 : 2].push({ term, expected });
  }
  const out: LookupTerm[] = [];
  for (const bucket of buckets) out.push(...shuffle(bucket, r).slice(0, Math.ceil(size / 3)));
  const rest = shuffle(buckets.flat(), r).filter((t) => !out.includes(t));
  return shuffle([...out, ...rest].slice(0, size), r);
}

function shuffle<T>(items: readonly T[], r: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The national significant number of a French number in any of datagen's formats (its last 9 digits). */
function lineOf(stored: string): string {
  return stored.replace(/\D/g, '').slice(-9);
}

/** Which of datagen's formats `stored` is written in. */
function storedStyle(stored: string): number {
  const line = lineOf(stored);
  for (let style = 0; style < 6; style++) if (formatNumber(line, style) === stored) return style;
  throw new Error(`bench: ${stored} is in no known format`);
}
